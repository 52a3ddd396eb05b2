// Verified email domains end to end, over real DNS: the local runtime's DNS server (dns2, over
// UDP) answers the TXT look-ups, its records set through PUT /dev/dns/txt as an owner would at
// their DNS provider. A claim verifies once its record is there and not before; a wrong value does
// not verify; orgs racing to verify one domain leave one owner; consumer domains are refused; and
// the scheduled pass expires, lapses and restores claims as time passes.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { domainOwnerEntity } from '../../features/domains/domain-owner-entity.js';
import { db, tableName } from '../../shared/clients.js';
import { signUp, type TestUser } from '../support/api.js';
import { addDomain, failDns, publish, setTxt, timeTravel, uniqueDomain, verifiedDomain } from '../support/domains.js';
import { emailsTo, type SentEmail } from '../support/mail.js';
import { addMember } from '../support/members.js';
import { itemsOfOrg } from '../support/table.js';

let admin: TestUser;
let orgId: string;
const domainsPath = (org = orgId) => `/api/v1/orgs/${org}/domains`;
const domainPath = (claim: { id: string; orgId?: string }) => `${domainsPath(claim.orgId ?? orgId)}/${claim.id}`;

async function owner(domain: string) {
  const result = await db.send(new GetCommand({ TableName: tableName, Key: domainOwnerEntity.key({ domain }), ConsistentRead: true }));
  return domainOwnerEntity.parseOptional(result.Item);
}

async function newOrg(user: TestUser, name = 'Domained'): Promise<string> {
  return (await user.api.post('/api/v1/orgs', { name })).body.id;
}

/** Polls the claim until `accept` holds (the scheduled pass runs every half second under the tests). */
async function eventually(user: TestUser, path: string, accept: (body: any) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await user.api.get(path);
    if (accept(response.body)) return response.body;
    if (Date.now() > deadline) throw new Error(`Not reached within ${timeoutMs} ms: ${JSON.stringify(response.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The email to `address` whose subject mentions `about` (sent from the notices outbox's stream). */
async function emailAbout(address: string, about: string, timeoutMs = 15_000): Promise<SentEmail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const email = (await emailsTo(address)).find((candidate) => candidate.subject.includes(about));
    if (email) return email;
    if (Date.now() > deadline) throw new Error(`No email to ${address} about ${about} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** `acme[.]com`, as emails show a domain: no mail client makes it a link. */
const defangedDomain = (domain: string) => domain.replace(/\./g, '[.]');

beforeAll(async () => {
  admin = await signUp('domain-admin');
  orgId = await newOrg(admin);
});

describe('claiming a domain', () => {
  it('answers a pending claim with the TXT record to publish: at least 128 random bits, different for every claim', async () => {
    const domain = uniqueDomain();
    const created = await admin.api.post(domainsPath(), { domain: domain.toUpperCase() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      domain,
      status: 'pending',
      failure_reason: null,
      verification: { type: 'TXT', name: `_orgspace-verification.${domain}` },
      last_check: null,
    });
    const value: string = created.body.verification.value;
    expect(value).toMatch(/^orgspace-verification=[A-Za-z0-9_-]{43}$/);
    const other = await addDomain(admin, orgId);
    expect(other.verification.value).not.toBe(value);
    expect(Date.parse(created.body.expires_at) - Date.parse(created.body.created_at)).toBe(7 * 86_400_000);
  });

  it('normalizes the name: lowercased, IDNA-encoded, without the trailing dot', async () => {
    const label = uniqueDomain('bücher').replace('.com', '');
    const created = await admin.api.post(domainsPath(), { domain: `${label.toUpperCase()}.com.` });
    expect(created.status).toBe(201);
    expect(created.body.domain).toMatch(/^xn--bcher-[a-z0-9-]+\.com$/);
  });

  it('refuses consumer and disposable mail providers, public suffixes and addresses with a 422 saying why', async () => {
    for (const domain of ['gmail.com', 'Mail.Yahoo.com', 'mailinator.com']) {
      const refused = await admin.api.post(domainsPath(), { domain });
      expect(refused.status, domain).toBe(422);
      expect(refused.body.error.code).toBe('consumer_domain');
    }
    for (const domain of ['co.uk', 'com', '192.0.2.10', 'intranet.local', 'a..b.com']) {
      const refused = await admin.api.post(domainsPath(), { domain });
      expect(refused.status, domain).toBe(422);
      expect(refused.body.error.code).toBe('invalid_domain');
    }
  });

  it('takes a domain once per org, and at most 10 per org', async () => {
    const owner = await signUp('domain-limit');
    const org = await newOrg(owner, 'Limited');
    const first = await addDomain(owner, org);
    const again = await owner.api.post(domainsPath(org), { domain: first.domain });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('domain_already_added');
    for (let i = 1; i < 10; i++) await addDomain(owner, org);
    const eleventh = await owner.api.post(domainsPath(org), { domain: uniqueDomain() });
    expect(eleventh.status).toBe(409);
    expect(eleventh.body.error.code).toBe('domain_limit_reached');
    // Deleting one gives its place back.
    expect((await owner.api.delete(domainPath({ id: first.id, orgId: org }))).status).toBe(204);
    expect((await owner.api.post(domainsPath(org), { domain: uniqueDomain() })).status).toBe(201);
  });

  it('is for org admins only; another org sees nothing', async () => {
    const developer = await signUp('domain-dev');
    await addMember(orgId, developer, 'developer');
    const claim = await addDomain(admin, orgId);
    expect((await developer.api.post(domainsPath(), { domain: uniqueDomain() })).status).toBe(403);
    expect((await developer.api.get(domainPath(claim))).status).toBe(403);
    const stranger = await signUp('domain-stranger');
    expect((await stranger.api.get(domainPath(claim))).status).toBe(404);
    expect((await stranger.api.post(`${domainPath(claim)}/verify`)).status).toBe(404);
  });

  it('lists the org’s claims page by page', async () => {
    const lister = await signUp('domain-lister');
    const org = await newOrg(lister, 'Listed');
    const made = [await addDomain(lister, org), await addDomain(lister, org), await addDomain(lister, org)];
    const first = await lister.api.get(`${domainsPath(org)}?limit=2`);
    expect(first.body.data.map((claim: { id: string }) => claim.id)).toEqual(made.slice(0, 2).map((claim) => claim.id));
    const second = await lister.api.get(`${domainsPath(org)}?limit=2&cursor=${encodeURIComponent(first.body.next_cursor)}`);
    expect(second.body.data.map((claim: { id: string }) => claim.id)).toEqual([made[2]!.id]);
    expect(second.body.next_cursor).toBeNull();
  });
});

describe('verifying a domain', () => {
  // An org of its own: an org holds at most 10 domains.
  beforeAll(async () => {
    orgId = await newOrg(admin);
  });

  it('verifies once its TXT record is published, and not before', async () => {
    const claim = await addDomain(admin, orgId);
    const early = await admin.api.post(`${domainPath(claim)}/verify`);
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ status: 'pending', last_check: { result: 'missing' } });
    expect(await owner(claim.domain)).toBeUndefined();

    await publish(claim);
    const verified = await admin.api.post(`${domainPath(claim)}/verify`);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ status: 'verified', failure_reason: null, last_check: { result: 'found' } });
    expect(await owner(claim.domain)).toMatchObject({ org_id: orgId, domain_id: claim.id, status: 'verified' });
    const events = (await itemsOfOrg(orgId)).filter((item) => item.type === 'audit_event' && Array.isArray(item.target_ids));
    expect(events.filter((event) => (event.target_ids as string[]).includes(claim.id)).map((event) => event.action)).toEqual([
      'domain.created',
      'domain.verified',
    ]);
  });

  it('does not verify with a wrong value, among other TXT records at the name', async () => {
    const claim = await addDomain(admin, orgId);
    await setTxt(claim.verification.name, ['v=spf1 -all', 'orgspace-verification=not-the-value']);
    const checked = await admin.api.post(`${domainPath(claim)}/verify`);
    expect(checked.body).toMatchObject({ status: 'pending', last_check: { result: 'wrong_value' } });
    // The right value beside the others verifies.
    await setTxt(claim.verification.name, ['v=spf1 -all', claim.verification.value]);
    expect((await admin.api.post(`${domainPath(claim)}/verify`)).body.status).toBe('verified');
  });

  it('answers 200 with the claim unchanged when DNS does not answer, and says so', async () => {
    const claim = await addDomain(admin, orgId);
    await failDns(claim.verification.name);
    const checked = await admin.api.post(`${domainPath(claim)}/verify`);
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ status: 'pending', last_check: { result: 'dns_error' } });
  });

  it('leaves exactly one owner when several orgs verify one domain at once; the others fail as claimed_by_other_org', async () => {
    const domain = uniqueDomain('contested');
    const rivals = await Promise.all(
      Array.from({ length: 5 }, async (_, i) => {
        const user = await signUp(`rival-${i}`);
        const org = await newOrg(user, `Rival ${i}`);
        return { user, claim: await addDomain(user, org, domain) };
      }),
    );
    // Every org publishes its own value at the name, as several claimants of a domain might.
    await setTxt(
      `_orgspace-verification.${domain}`,
      rivals.map(({ claim }) => claim.verification.value),
    );
    const answers = await Promise.all(rivals.map(({ user, claim }) => user.api.post(`${domainPath(claim)}/verify`)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);

    const finals = await Promise.all(rivals.map(({ user, claim }) => user.api.get(domainPath(claim))));
    const verified = finals.filter((answer) => answer.body.status === 'verified');
    expect(verified).toHaveLength(1);
    for (const lost of finals.filter((answer) => answer.body.status !== 'verified'))
      expect(lost.body).toMatchObject({ status: 'failed', failure_reason: 'claimed_by_other_org', next_check_at: null });
    // Each losing org's admin is told; the winner's is not.
    const winner = rivals.find(({ claim }) => claim.id === verified[0]!.body.id)!;
    for (const { user } of rivals.filter((rival) => rival !== winner)) await emailAbout(user.email, 'has failed');
    expect(await emailsTo(winner.user.email)).toEqual([]);
    expect(await owner(domain)).toMatchObject({ org_id: verified[0]!.body.org_id, domain_id: verified[0]!.body.id, status: 'verified' });
  });

  it('fails the claims of other orgs that were not verifying at the time, each told in its own org by the system', async () => {
    const domain = uniqueDomain('beaten');
    const slow = await signUp('slow-org');
    const slowOrg = await newOrg(slow, 'Slow');
    const slowClaim = await addDomain(slow, slowOrg, domain);
    const fast = await verifiedDomain(admin, orgId, domain);
    const beaten = await slow.api.get(domainPath(slowClaim));
    expect(beaten.body).toMatchObject({ status: 'failed', failure_reason: 'claimed_by_other_org' });
    const failedEvent = (await itemsOfOrg(slowOrg)).find((item) => item.type === 'audit_event' && item.action === 'domain.failed');
    expect(failedEvent?.actor).toMatchObject({ type: 'system' });
    expect(JSON.stringify(failedEvent)).not.toContain(admin.email);
    const email = await emailAbout(slow.email, 'has failed');
    expect(email.body.text).toContain(defangedDomain(domain));
    expect(email.body.text).toContain('Another organization verified');
    expect(email.body.text).not.toContain(orgId);
    // The owner deleting its claim frees the domain; the beaten org adds it anew and verifies it.
    expect((await admin.api.delete(domainPath(fast))).status).toBe(204);
    expect(await owner(domain)).toBeUndefined();
    await slow.api.delete(domainPath(slowClaim));
    const again = await addDomain(slow, slowOrg, domain);
    await publish(again);
    expect((await slow.api.post(`${domainPath(again)}/verify`)).body.status).toBe('verified');
  });
});

describe('the scheduled pass', () => {
  // An org of its own: an org holds at most 10 domains.
  beforeAll(async () => {
    orgId = await newOrg(admin);
  });

  it('verifies a pending claim whose record has appeared, by itself', async () => {
    const claim = await addDomain(admin, orgId);
    await publish(claim);
    await timeTravel(claim);
    await eventually(admin, domainPath(claim), (body) => body.status === 'verified');
    expect(await owner(claim.domain)).toMatchObject({ org_id: orgId, status: 'verified' });
  });

  it('retries a pending claim with growing backoff, and fails it as expired after 7 days', async () => {
    const claim = await addDomain(admin, orgId);
    await timeTravel(claim);
    const first = await eventually(admin, domainPath(claim), (body) => body.last_check !== null);
    const firstDelay = Date.parse(first.next_check_at) - Date.parse(first.last_check.at);
    await timeTravel(claim);
    const second = await eventually(admin, domainPath(claim), (body) => body.last_check.at !== first.last_check.at);
    expect(Date.parse(second.next_check_at) - Date.parse(second.last_check.at)).toBeGreaterThan(firstDelay);

    await timeTravel(claim, { expires_at: new Date(Date.now() - 60_000).toISOString() });
    const expired = await eventually(admin, domainPath(claim), (body) => body.status === 'failed');
    expect(expired).toMatchObject({ failure_reason: 'expired', next_check_at: null });
  });

  it('lapses a verified domain whose record has been missing 7 days in a row, and restores it when the record returns', async () => {
    const claim = await verifiedDomain(admin, orgId);
    await setTxt(claim.verification.name, []);
    await timeTravel(claim);
    const missing = await eventually(admin, domainPath(claim), (body) => body.last_check.result === 'missing');
    expect(missing.status).toBe('verified');
    expect(await owner(claim.domain)).toMatchObject({ status: 'verified' });

    await timeTravel(claim, { missing_since: new Date(Date.now() - 7 * 86_400_000 - 60_000).toISOString() });
    await eventually(admin, domainPath(claim), (body) => body.status === 'lapsed');
    expect(await owner(claim.domain)).toMatchObject({ org_id: orgId, status: 'lapsed' });
    const email = await emailAbout(admin.email, defangedDomain(claim.domain));
    expect(email.subject).toContain('has lapsed');
    expect(email.body.text).toContain('7 days in a row');

    await publish(claim);
    await timeTravel(claim);
    await eventually(admin, domainPath(claim), (body) => body.status === 'verified');
    expect(await owner(claim.domain)).toMatchObject({ org_id: orgId, status: 'verified' });
  });
});

describe('deleting a domain', () => {
  // An org of its own: an org holds at most 10 domains.
  beforeAll(async () => {
    orgId = await newOrg(admin);
  });

  it('ends a verified domain’s ownership in the same transaction', async () => {
    const claim = await verifiedDomain(admin, orgId);
    expect(await owner(claim.domain)).toBeDefined();
    expect((await admin.api.delete(domainPath(claim))).status).toBe(204);
    expect(await owner(claim.domain)).toBeUndefined();
    expect((await admin.api.get(domainPath(claim))).status).toBe(404);
  });
});
