// Starts the Scottish Government Design System's components (mobile menu, notification banners...).
// A module script from this site: the CSP allows no inline script.
import DS from "./sgds/scripts/design-system.js";

DS.initAll();
