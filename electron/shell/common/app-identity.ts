// Names the OS knows the app by. APP_ID must equal electron-builder's appId:
// Windows ties notifications and the taskbar to it.
export const APP_ID = 'app.outagewatch.desktop';
export const PRODUCT_NAME = 'Outage Watch';
/** Linux autostart file stem and icon name (the package's executable name). */
export const LINUX_EXECUTABLE = 'outage-watch';
