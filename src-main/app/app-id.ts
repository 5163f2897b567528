/**
 * Windows groups taskbar buttons and toasts by this AppUserModelID. It must equal `appId` in
 * electron-builder.yml (a test checks both), or notifications from the installed app go nowhere.
 */
export const APP_USER_MODEL_ID = 'com.patchlane.console'
