import { useQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.js';
import { ZPublicUrlCheck } from '../../../../domain/contract/posters.js';

/**
 * Shown above the posters when the address QR codes carry is a loopback or private one (#15.6): a
 * poster printed with http://127.0.0.1/… opens on nobody's phone. The server words the warning.
 */
export function PublicUrlWarning() {
  const check = useQuery({
    queryKey: ['posters', 'public-url'],
    queryFn: ({ signal }) => get('/api/v1/posters/public-url', ZPublicUrlCheck, signal),
    staleTime: 5 * 60_000,
  });
  if (!check.data?.warning) return null;
  return (
    <p className="notice bad" role="alert" data-testid="public-url-warning">
      {check.data.warning}
    </p>
  );
}
