// "Your network": how this machine is connected: interfaces, router, the VPN
// and proxy the traffic goes through, IP versions (NAT64 included), the
// sign-in check and DNS servers. The router row says what the path strip
// shows (segmentTones): an unchecked router that traffic passes through is
// not "unknown" in one place and "working" in the other.
import { useTranslation } from 'react-i18next';
import type { Diagnosis } from '../../electron/contracts/diagnosis';
import { useFormat } from '../format';
import { segmentTones, type Tone } from '../tones';
import { StatusLabel } from './status-icon';

function familiesLabel(diagnosis: Diagnosis): { key: string; tone: Tone; prefix?: string } {
  const { families } = diagnosis.local;
  const ipv6Broken = diagnosis.findings.some((f) => f.kind === 'degraded' && f.scope === 'local' && f.layer === 'tcp');
  if (ipv6Broken) return { key: 'ipv6Broken', tone: 'warn' };
  if (families.ipv6 === true && families.ipv4 === false)
    return families.nat64Prefix
      ? { key: 'nat64', tone: 'ok', prefix: families.nat64Prefix }
      : { key: 'ipv6', tone: 'ok' };
  if (families.ipv4 === true && families.ipv6 === true) return { key: 'both', tone: 'ok' };
  if (families.ipv4 === true) return { key: 'ipv4', tone: 'ok' };
  return { key: 'unknown', tone: 'unknown' };
}

export function LocalNetworkCard({ diagnosis }: { diagnosis: Diagnosis }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { gateway, resolvers, captivePortal, interfaces, vpn, proxies } = diagnosis.local;
  const upInterfaces = interfaces.filter((each) => each.up && !each.internal);
  const routerChecked = gateway.outcome === 'reachable';
  const routerTone = segmentTones(diagnosis.verdict, routerChecked).router;
  const passesTraffic = !routerChecked && gateway.outcome !== 'unreachable' && routerTone === 'ok';
  const gatewayTone =
    gateway.outcome === 'reachable' || passesTraffic ? 'ok' : gateway.outcome === 'unreachable' ? 'fail' : 'unknown';
  const gatewayKey =
    gateway.blockedBy === 'macos-local-network'
      ? 'blockedByPrivacy'
      : passesTraffic
        ? 'passesTraffic'
        : gateway.outcome;
  const portalTone = captivePortal.outcome === 'ok' ? 'ok' : captivePortal.outcome === 'off' ? 'unknown' : 'fail';
  const vpnFailing = diagnosis.verdict.kind === 'vpn';
  const proxyFailing = diagnosis.verdict.kind === 'proxy';
  const ipFamilies = familiesLabel(diagnosis);
  return (
    <section className="card" aria-labelledby="local-title">
      <h2 id="local-title" className="card-title">
        {t('status.local.title')}
      </h2>
      <dl className="facts">
        <dt>{t('status.local.interfaces')}</dt>
        <dd>
          {upInterfaces.length > 0
            ? format.list(upInterfaces.map((each) => each.ssid ?? each.name))
            : t('status.local.noInterfaces')}
        </dd>
        <dt>{t('status.local.gateway')}</dt>
        <dd>
          <StatusLabel
            tone={gatewayTone}
            label={t(`status.local.gatewayOutcome.${gatewayKey}`, { address: gateway.address ?? '' })}
            size={16}
          />
        </dd>
        <dt>{t('status.local.vpn')}</dt>
        <dd data-fact="vpn">
          {vpn ? (
            <StatusLabel
              tone={vpnFailing ? 'fail' : 'ok'}
              label={t(`status.local.vpnCarries.${vpn.carries}`, { name: vpn.interface })}
              size={16}
            />
          ) : (
            <span className="muted">{t('status.local.vpnNone')}</span>
          )}
        </dd>
        <dt>{t('status.local.proxy')}</dt>
        <dd data-fact="proxy">
          {proxies.length > 0 ? (
            <StatusLabel tone={proxyFailing ? 'fail' : 'ok'} label={format.list(proxies)} size={16} />
          ) : (
            <span className="muted">{t('status.local.proxyNone')}</span>
          )}
        </dd>
        <dt>{t('status.local.ipFamilies')}</dt>
        <dd data-fact="families">
          <StatusLabel
            tone={ipFamilies.tone}
            label={t(`status.local.families.${ipFamilies.key}`, { prefix: ipFamilies.prefix ?? '' })}
            size={16}
          />
        </dd>
        <dt>{t('status.local.captivePortal')}</dt>
        <dd>
          <StatusLabel tone={portalTone} label={t(`status.local.portalOutcome.${captivePortal.outcome}`)} size={16} />
        </dd>
        <dt>{t('status.local.resolvers')}</dt>
        <dd>
          <ul className="plain-list resolver-list">
            {resolvers.map((resolver) => (
              <li key={`${resolver.address}:${resolver.port}`}>
                <StatusLabel
                  tone={resolver.status === 'ok' ? 'ok' : resolver.status === 'failing' ? 'fail' : 'unknown'}
                  label={t('status.local.resolver', {
                    name: resolver.name,
                    role: t(`status.local.role.${resolver.role}`),
                    state: t(`status.local.resolverState.${resolver.blockedBy ? 'blockedByPrivacy' : resolver.status}`),
                  })}
                  size={16}
                />
                {resolver.medianLatencyMs !== null ? (
                  <span className="muted small"> {format.milliseconds(resolver.medianLatencyMs)}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
    </section>
  );
}
