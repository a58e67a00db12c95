import http from 'node:http';
import { classifyAddress, embeddedIpv4, guardedLookup, resolveWebhookHost, type Resolver } from '../../src/modules/notifications/webhook-target';

/** A fixed name table standing in for DNS. */
const table: Record<string, string[]> = {
  'hooks.example.org': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'rebind.example.org': ['93.184.215.14', '127.0.0.1'],
  'mapped.example.org': ['::ffff:169.254.169.254'],
  localhost: ['127.0.0.1', '::1'],
  'a.localhost': ['127.0.0.1'],
  'public-then-local.test': ['127.0.0.1'],
};
const fake: Resolver = async (host) => {
  const addrs = table[host];
  if (!addrs) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return addrs.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
const host = (url: string) => new URL(url).hostname;
const refused = async (url: string, allowPrivate: boolean) => {
  try {
    await resolveWebhookHost(host(url), allowPrivate, fake);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
};

describe('webhook targets', () => {
  it('finds the IPv4 address inside mapped, compatible, NAT64, 6to4 and Teredo IPv6 forms', () => {
    expect(embeddedIpv4('::ffff:127.0.0.1')).toEqual(['127.0.0.1']);
    expect(embeddedIpv4('::ffff:7f00:1')).toEqual(['127.0.0.1']);
    expect(embeddedIpv4('64:ff9b::a9fe:a9fe')).toEqual(['169.254.169.254']);
    expect(embeddedIpv4('2002:7f00:1::')).toEqual(['127.0.0.1']);
    expect(embeddedIpv4('2001:0:4136:e378:8000:63bf:80ff:fffe')).toContain('127.0.0.1');
    expect(embeddedIpv4('2606:2800:21f:cb07:6820:80da:af6b:8b2c')).toEqual([]);
  });

  it('classifies addresses: metadata always, local and private unless allowed, public otherwise', () => {
    for (const a of [
      '169.254.169.254',
      '100.100.100.200',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:169.254.169.254',
      '64:ff9b::a9fe:a9fe',
      '224.0.0.1',
      '255.255.255.255',
    ]) {
      expect([a, classifyAddress(a)]).toEqual([a, 'metadata']);
    }
    for (const a of [
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '::',
      '0.0.0.0',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::7f00:1',
      '2002:7f00:1::',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '100.64.0.1',
      'fd12::1',
      '::ffff:10.0.0.1',
    ]) {
      expect([a, classifyAddress(a)]).toEqual([a, 'local']);
    }
    for (const a of ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '64:ff9b::5db8:d70e', '172.32.0.1']) {
      expect([a, classifyAddress(a)]).toEqual([a, null]);
    }
  });

  it('refuses every textual form of this machine and of metadata services in URLs', async () => {
    const local = [
      'http://[::ffff:127.0.0.1]/',
      'http://[::]/',
      'http://localhost./',
      'http://LOCALHOST/',
      'http://a.localhost/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://0.0.0.0/',
      'http://[64:ff9b::127.0.0.1]/',
      'http://[::ffff:0:127.0.0.1]/',
      'http://rebind.example.org/',
    ];
    for (const url of local) {
      expect([url, await refused(url, false)]).toEqual([url, expect.stringMatching(/this machine or a private network/)]);
      expect([url, await refused(url, true)]).toEqual([url, null]);
    }
    for (const url of [
      'http://100.100.100.200/',
      'http://169.254.169.254/',
      'http://[fe80::1]/',
      'http://metadata.google.internal./',
      'http://mapped.example.org/',
      'http://[::ffff:a9fe:a9fe]/',
    ]) {
      expect([url, await refused(url, true)]).toEqual([url, expect.stringMatching(/metadata/)]);
    }
    expect(await refused('http://nowhere.invalid/', true)).toMatch(/does not resolve/);
    expect(await refused('https://hooks.example.org/x', false)).toBeNull();
  });

  it("connects to the address it checked: the socket's own lookup refuses a name that resolves locally", async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      hits += 1;
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const get = (allowPrivate: boolean) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: 'public-then-local.test', port, path: '/', lookup: guardedLookup(allowPrivate, fake) }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      await expect(get(false)).rejects.toThrow(/resolves to 127.0.0.1, which is this machine or a private network/);
      expect(hits).toBe(0);
      expect(await get(true)).toBe(200); // the same lookup, allowed: the request goes where it resolved
      expect(hits).toBe(1);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
