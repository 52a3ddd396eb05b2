// `npm run openapi`: prints the OpenAPI document generated from the route table.
import { routeList } from '../../features/routes.js';
import { openApiDocument } from '../../shared/http/openapi.js';

console.log(JSON.stringify(openApiDocument(routeList), null, 2));
