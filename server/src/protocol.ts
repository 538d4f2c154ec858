/** Moved to common/src/protocol.ts (with the settings to common/src/settings.ts); kept so older
 *  imports still resolve. New code imports from common/src. */
export * from '../../common/src/protocol';
export { type BatchStudioSettings, DEFAULT_SETTINGS } from '../../common/src/settings';
