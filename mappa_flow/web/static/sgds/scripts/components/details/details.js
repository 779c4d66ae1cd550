'use strict';
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const component_1 = __importDefault(require("../../base/component/component"));
/**
 * Details component
 *
 * @class Details
 * @extends DSComponent
 * @property {HTMLDetailsElement} details - the details element
 */
class Details extends component_1.default {
    details;
    /**
     * Creates a details component
     * Converts legacy non-details markup to native DETAILS elements
     *
     * @param {HTMLDetailsElement} element - the details element
     */
    constructor(element) {
        super(element);
        this.details = element;
        if (this.details.nodeName !== 'DETAILS') {
            this.doFallback();
        }
    }
    /**
     * @returns {void}
     */
    init() {
        this.isInitialised = true;
    }
    /**
     * Fallback for old markup
     * - convert non-details markup to native DETAILS elements
     *
     * @returns {void}
     */
    doFallback() {
        const children = this.details.children;
        const summary = this.details.querySelector('.ds_details__summary');
        const newDetails = document.createElement('details');
        const newSummary = document.createElement('summary');
        function cloneAttributes(fromElement, toElement) {
            Array.from(fromElement.attributes).forEach(attribute => {
                toElement.setAttribute(attribute.name, attribute.value);
            });
        }
        cloneAttributes(this.details, newDetails);
        cloneAttributes(summary, newSummary);
        newSummary.removeAttribute('for');
        for (const child of children) {
            if (child.classList.contains('ds_details__toggle')) {
                // do nothing -- we don't want to recreate this element
            }
            else if (child.classList.contains('ds_details__summary')) {
                newSummary.innerHTML = child.innerHTML;
                newDetails.appendChild(newSummary);
            }
            else {
                newDetails.appendChild(child.cloneNode(true));
            }
        }
        Array.from(this.details.attributes).forEach(attribute => {
            newDetails.setAttribute(attribute.name, attribute.value);
        });
        this.details.replaceWith(newDetails);
        this.details = newDetails;
    }
}
exports.default = Details;
