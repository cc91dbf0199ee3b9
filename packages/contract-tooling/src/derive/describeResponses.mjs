import { STATUS_CODES } from 'node:http';
import { HTTP_METHODS, upperFirst, words } from '../tree.mjs';

/**
 * Step 4: a description on every response object (required by OpenAPI 3.0), in our own words: the HTTP reason
 * phrase of the status it is used with ("Bad Request"), or the component name in words when used with several.
 */
export const describeResponses = (doc) => {
  const reason = (status) => STATUS_CODES[status] ?? (status === 'default' ? 'Default' : `Status ${status}`);
  const usage = new Map(); // response component name → statuses it is used with
  for (const item of Object.values(doc.paths)) {
    for (const method of HTTP_METHODS) {
      for (const [status, response] of Object.entries(item[method]?.responses ?? {})) {
        if (typeof response.$ref === 'string') {
          const name = response.$ref.split('/').pop();
          if (!usage.has(name)) usage.set(name, new Set());
          usage.get(name).add(status);
        } else {
          item[method].responses[status] = { description: reason(status), ...response };
        }
      }
    }
  }
  for (const [name, response] of Object.entries(doc.components.responses ?? {})) {
    const statuses = [...(usage.get(name) ?? [])];
    const description = statuses.length === 1 ? reason(statuses[0]) : upperFirst(words(name.replace(/Response$/, '')));
    doc.components.responses[name] = { description, ...response };
  }
};
