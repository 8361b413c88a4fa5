// A Cloudflare Worker that is nemo-video/server's createProxy and nothing else, forwarding to the API named by its
// API binding. proxy-driver.mjs runs it in workerd and the smoke workflow against it.
import { createProxy } from 'nemo-video/server';

let proxy;

export default {
  fetch(request, env, context) {
    proxy ??= createProxy({ baseURL: env.API });
    return proxy(request, context);
  },
};
