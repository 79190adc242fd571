export { plural } from '../model/plural.js';
