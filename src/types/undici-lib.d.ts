// undici's Agent, imported from its own module (src/galileo/undici-agent.ts): typed with undici's published types
declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici';
  export default Agent;
}
