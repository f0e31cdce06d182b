export { seedDemo, demoEpoch, DEMO_ACTORS, type DemoRuntime } from './seed-demo.js';
