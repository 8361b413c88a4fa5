export * from './base.js';
export * from './connection.js';
export * from './api.js';
