export {
  seedDemo,
  demoEpoch,
  DEMO_ACTORS,
  DEMO_PASSWORD,
  DEMO_PEOPLE,
  type DemoRuntime,
} from './seed-demo.js';
