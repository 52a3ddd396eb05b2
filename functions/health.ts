import { httpRoute } from '../shared/http/pipeline.js';
import { routes } from '../shared/http/routes/service.js';

export const handler = httpRoute(routes.health, async () => ({ status: 'ok' as const }));
