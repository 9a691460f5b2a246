import http from 'node:http';

/** What became of one POST: the status the server answered, or the network error (never a rejection). */
export type PostOutcome = { status: number } | { error: Error };

/** POSTs a JSON body through a keep-alive agent and reads the answer to its end (the benches' one request). */
export function postJson(agent: http.Agent, url: URL, payload: string): Promise<PostOutcome> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', (error) => resolve({ error }));
    req.end(payload);
  });
}
