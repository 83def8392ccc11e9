/** Entry point of the language server: `node dist/server.js --stdio`. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// Every message the connection hands over, and over stdio (as the extension starts the server)
// every chunk as it arrives, is traffic the checks wait for (see startServer).
let noteTraffic = () => {};
const connection = createConnection(ProposedFeatures.all, {
  messageStrategy: {
    handleMessage: (message, handle) => {
      noteTraffic();
      return handle(message);
    },
  },
});
process.on('uncaughtException', (error) => connection.console.error(`Factmark: unexpected error: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`Factmark: unexpected error: ${String(reason)}`));
({ noteTraffic } = startServer(connection));
if (process.argv.includes('--stdio')) process.stdin.on('data', () => noteTraffic());
