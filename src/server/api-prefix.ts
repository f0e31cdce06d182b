/** Where the REST API lives; the dashboard owns every other path. */
export const API_PREFIX = '/api/v1';
