/** The product's name and version, read from the manifest when the bundles are built (named JSON
 *  imports: the bundler keeps these two fields, not the whole files). The name is in
 *  package.nls.json, where package.json's texts are, in English. */
import { version } from '../../package.json';
import { displayName } from '../../package.nls.json';

export const PRODUCT_NAME: string = displayName;
export const PRODUCT_VERSION: string = version;
