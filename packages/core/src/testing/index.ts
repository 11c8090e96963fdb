// @medimg/core/testing: helpers for jest specs of every medimg package (they register jest hooks on import).
export { tempDir, removeTempDirs } from './temp-dir';
