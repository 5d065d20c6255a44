/** Types of .dependency-cruiser.mjs for the test that reads its layers (test/docs/layers.test.ts). */
export declare const LAYERS: readonly (readonly string[])[];
declare const config: unknown;
export default config;
