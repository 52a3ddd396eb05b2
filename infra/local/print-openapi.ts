// `npm run openapi`: prints the OpenAPI document generated from the route table.
import { openApiDocument } from '../../shared/http/openapi.js';

console.log(JSON.stringify(openApiDocument(), null, 2));
