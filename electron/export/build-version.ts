// The version `outagewatch_build_info` reports: package.json's, bundled in.
import packageJson from '../../package.json';

export const BUILD_VERSION: string = packageJson.version;
