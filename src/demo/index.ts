export { seedDemo, DEMO_ACTORS } from './seed-demo.js';
