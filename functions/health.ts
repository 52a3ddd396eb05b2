import { routes } from '../features/service/routes.js';
import { httpRoute } from '../shared/http/pipeline.js';

export const handler = httpRoute(routes.health, async () => ({ status: 'ok' as const }));
