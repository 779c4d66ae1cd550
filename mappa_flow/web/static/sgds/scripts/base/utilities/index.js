"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const breakpoint_check_1 = __importDefault(require("./breakpoint-check/breakpoint-check"));
exports.default = {
    breakpointCheck: breakpoint_check_1.default
};
