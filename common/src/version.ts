/** The product's name and version, read from package.json when the bundles are built (a named
 *  JSON import: the bundler keeps these two fields, not the whole manifest). */
import { displayName, version } from '../../package.json';

export const PRODUCT_NAME: string = displayName;
export const PRODUCT_VERSION: string = version;
