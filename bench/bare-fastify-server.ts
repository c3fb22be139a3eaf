/**
 * The ceiling for the API benchmark: bare Fastify (no plugins, no logging) answering the same
 * ranking body from memory. Run beside `cchc serve`, so the ratio says what the API's own work
 * costs on this machine at this moment. Usage: tsx bare-fastify-server.ts <port> <body-file>
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const [port, bodyFile] = process.argv.slice(2);
const body = readFileSync(bodyFile!, 'utf8');
const app = Fastify({ logger: false });
app.get('/v1/rankings/2025', async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
await app.listen({ host: '127.0.0.1', port: Number(port) });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
