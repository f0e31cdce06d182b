export { actorOf } from './access-hook.js';
