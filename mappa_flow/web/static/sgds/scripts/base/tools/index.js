"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const id_modifier_1 = __importDefault(require("./id-modifier/id-modifier"));
const promise_request_1 = __importDefault(require("./promise-request/promise-request"));
const storage_1 = __importDefault(require("./storage/storage"));
const temporary_focus_1 = __importDefault(require("./temporary-focus/temporary-focus"));
const token_list_1 = __importDefault(require("./token-list/token-list"));
const tracking_1 = __importDefault(require("./tracking/tracking"));
exports.default = {
    idModifier: id_modifier_1.default,
    PromiseRequest: promise_request_1.default,
    storage: storage_1.default,
    temporaryFocus: temporary_focus_1.default,
    TokenList: token_list_1.default,
    tracking: tracking_1.default
};
