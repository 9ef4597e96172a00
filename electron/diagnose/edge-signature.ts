// Which CDN or cloud edge produced an HTTP response, read from its headers.
// Used only when the round found no attribution, so a 503 that Fastly's
// caches serve still groups under Fastly (8 Jun 2021).
export interface EdgeSignature {
  provider: string;
  /** The header that gave it away, as `name: value`, for the evidence sentence. */
  header: string;
}

export function edgeSignature(headers: Record<string, string>): EdgeSignature | null {
  const via = headers['via'] ?? '';
  const servedBy = headers['x-served-by'] ?? '';
  const server = headers['server'] ?? '';
  if (/varnish/i.test(via)) return { provider: 'fastly', header: `via: ${via}` };
  if (headers['x-fastly-request-id'] !== undefined) return { provider: 'fastly', header: 'x-fastly-request-id' };
  if (/^cache-/i.test(servedBy)) return { provider: 'fastly', header: `x-served-by: ${servedBy}` };
  if (headers['cf-ray'] !== undefined) return { provider: 'cloudflare', header: `cf-ray: ${headers['cf-ray']}` };
  if (headers['x-amz-cf-id'] !== undefined || /cloudfront/i.test(via))
    return { provider: 'aws', header: 'x-amz-cf-id' };
  if (/akamaighost/i.test(server)) return { provider: 'akamai', header: `server: ${server}` };
  if (headers['x-azure-ref'] !== undefined) return { provider: 'azure', header: 'x-azure-ref' };
  return null;
}
