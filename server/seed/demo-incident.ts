import { randomUUID } from "node:crypto";
import { createRandom, type Random } from "../../lib/random/prng";
import type { Db } from "../db";
import type { SqlQueryable } from "../db/driver";
import type { SecurityEventKind } from "../db/generated/prisma/enums";
import { normalizeEmail } from "../../lib/email/normalize";
import { refreshIncidentStats } from "../incidents/refresh-incident-stats";
import { importAccounts } from "../imports/import-accounts";
import { importSecurityEvents } from "../imports/import-events";
import { importMessages } from "../imports/import-messages";

// The demo incident is modelled on the November 2019 crypto-exchange leak: a
// bulk "indices update" e-mail went out in batches of 1,000 with every
// customer address of a batch in the To: field, so each recipient saw up to
// 999 others. Everything below is generated from one fixed seed, so every
// machine (and every test database) gets exactly the same customers.

export const DEMO_INCIDENT_SLUG = "2019-11-indices-update";

const RANDOM_SEED = 20_191_107;

/** The shape the generator guarantees; tests and the CLI may rely on it. */
export const DEMO_INCIDENT_SHAPE = {
  accounts: 25_000,
  messages: 23,
  recipientsPerMessage: 1_000,
  recipients: 23_000,
  // Addresses on the old mailing list whose accounts have since been closed.
  unmatchedRecipients: 350,
  matchedAccounts: 22_650,
} as const;

const LEAK_STARTED_AT = Date.parse("2019-11-07T08:30:00Z");
const AWARE_AT = Date.parse("2019-11-07T09:12:00Z");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The generated story's last event comes under six days after T0. */
const STORY_DAYS = 6;

/**
 * The demo's clock: the 2019 story (its words unchanged) replayed so that T0
 * falls at 09:12 UTC at least STORY_DAYS before `now`. Its whole first week is
 * then in the past, and a newcomer's first reset lands a few days after T0,
 * inside the charts' window, where they can see it move the numbers.
 */
function demoClockShift(now: Date): number {
  const earliest = now.getTime() - STORY_DAYS * DAY;
  const sameTimeOfDay = Math.floor((earliest - (AWARE_AT % DAY)) / DAY) * DAY + (AWARE_AT % DAY);
  return sameTimeOfDay - AWARE_AT;
}

function shiftDemoData(data: DemoIncidentData, shift: number): DemoIncidentData {
  const by = (ms: number) => ms + shift;
  return {
    accounts: data.accounts.map((a) => ({
      ...a,
      openedAt: by(a.openedAt),
      lastLoginAt: a.lastLoginAt === null ? null : by(a.lastLoginAt),
    })),
    messages: data.messages.map((m) => ({ ...m, sentAt: by(m.sentAt) })),
    recipients: data.recipients,
    securityEvents: data.securityEvents.map((e) => ({ ...e, occurredAt: by(e.occurredAt) })),
  };
}

// ---------------------------------------------------------------- generated data

type DemoAccount = {
  externalId: string;
  email: string;
  emailNormalized: string;
  twoFactorEnabled: boolean;
  balanceUsdCents: number;
  country: string | null;
  openedAt: number;
  lastLoginAt: number | null;
};

type DemoRecipient = {
  /** 0-based batch (message) number. */
  batch: number;
  emailOriginal: string;
  emailNormalized: string;
  displayName: string | null;
  /** The account it belongs to, or null for an address with no account. */
  externalId: string | null;
};

type DemoMessage = { batchKey: string; subject: string; sentAt: number };

type DemoSecurityEvent = {
  externalId: string;
  kind: SecurityEventKind;
  occurredAt: number;
  ip: string;
  detail: string;
};

export type DemoIncidentData = {
  accounts: DemoAccount[];
  messages: DemoMessage[];
  recipients: DemoRecipient[];
  securityEvents: DemoSecurityEvent[];
};

type NamePool = { first: readonly string[]; last: readonly string[] };

function pool(first: string, last: string): NamePool {
  return { first: first.split(" "), last: last.split(" ") };
}

// ASCII spellings, as people actually type them into e-mail addresses.
const NAMES = {
  anglo: pool(
    "james oliver jack harry thomas george daniel michael david chris matt ryan emily sophie olivia jessica sarah emma hannah laura amy rachel kate lucy",
    "smith jones taylor brown williams wilson johnson davies robinson wright thompson evans walker white roberts green hall wood jackson clarke miller moore king",
  ),
  german: pool(
    "lukas jonas leon felix maximilian paul tobias stefan markus julia anna lena laura katharina sabine nina",
    "mueller schmidt schneider fischer weber meyer wagner becker schulz hoffmann koch richter klein wolf neumann braun",
  ),
  french: pool(
    "lucas hugo louis nicolas julien antoine camille manon chloe lea marie claire",
    "martin bernard dubois thomas robert richard petit durand leroy moreau simon laurent lefebvre michel",
  ),
  iberian: pool(
    "pablo alejandro javier carlos diego joao pedro rafael lucia maria carmen ana beatriz julia",
    "garcia fernandez lopez martinez sanchez perez gomez silva santos oliveira souza costa pereira rodrigues",
  ),
  italian: pool(
    "marco luca giuseppe alessandro matteo francesco giulia chiara francesca sara",
    "rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno",
  ),
  dutch: pool(
    "daan sem bram lars thijs jeroen sanne lotte eva femke anouk",
    "dejong jansen devries vandenberg bakker visser smit meijer mulder bos vos",
  ),
  polish: pool(
    "jakub kacper piotr tomasz krzysztof pawel anna katarzyna magdalena agnieszka",
    "nowak kowalski wisniewski wojcik kowalczyk kaminski lewandowski zielinski",
  ),
  russian: pool(
    "alexey dmitry sergey andrey ivan nikolay maxim olga elena natalia anastasia tatiana",
    "ivanov smirnov kuznetsov popov vasiliev petrov sokolov mikhailov novikov fedorov morozov volkov",
  ),
  turkish: pool(
    "mehmet mustafa ahmet ali emre burak zeynep elif ayse fatma merve",
    "yilmaz kaya demir sahin celik yildiz yildirim ozturk aydin ozdemir arslan",
  ),
  korean: pool(
    "minjun seojun jihoon hyunwoo donghyun seoyeon jiwoo minji soyeon yuna hana",
    "kim lee park choi jung kang cho yoon jang lim han shin",
  ),
  japanese: pool(
    "haruto sota yuto takumi kenji hiroshi yui aoi sakura yuki haruka misaki",
    "sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato",
  ),
  nordic: pool(
    "erik lars anders johan oskar karl elin maja sara ingrid astrid",
    "andersson johansson karlsson nilsson eriksson larsson olsson persson lindberg",
  ),
  indian: pool(
    "rahul amit vikram arjun rohan sanjay priya ananya pooja neha divya",
    "sharma patel singh kumar gupta reddy iyer nair mehta joshi rao",
  ),
  nigerian: pool(
    "chinedu emeka oluwaseun tunde ibrahim chidi ngozi adaeze folake amaka zainab",
    "okafor adeyemi okonkwo balogun eze nwosu adebayo ogunleye abubakar obi",
  ),
  chinese: pool(
    "wei jun ming hao jason kevin mei xin ling grace rachel",
    "tan lim lee ng wong chan ong goh chua zhang chen liu",
  ),
} satisfies Record<string, NamePool>;

type CountryProfile = { code: string | null; weight: number; names: NamePool; localDomains: readonly string[] };

// Roughly the customer mix of a European-based exchange in 2019. A null
// country is an account that never finished KYC.
const COUNTRIES: readonly CountryProfile[] = [
  { code: "GB", weight: 12, names: NAMES.anglo, localDomains: ["btinternet.com", "yahoo.co.uk", "sky.com"] },
  { code: "DE", weight: 11, names: NAMES.german, localDomains: ["gmx.de", "web.de", "t-online.de"] },
  { code: "US", weight: 10, names: NAMES.anglo, localDomains: ["aol.com", "comcast.net"] },
  { code: "FR", weight: 6, names: NAMES.french, localDomains: ["orange.fr", "free.fr", "laposte.net"] },
  { code: "KR", weight: 6, names: NAMES.korean, localDomains: ["naver.com", "daum.net"] },
  { code: "NL", weight: 5, names: NAMES.dutch, localDomains: ["ziggo.nl", "kpnmail.nl"] },
  { code: "RU", weight: 5, names: NAMES.russian, localDomains: ["mail.ru", "yandex.ru"] },
  { code: "ES", weight: 4, names: NAMES.iberian, localDomains: ["telefonica.net"] },
  { code: "IT", weight: 4, names: NAMES.italian, localDomains: ["libero.it", "virgilio.it"] },
  { code: "TR", weight: 4, names: NAMES.turkish, localDomains: [] },
  { code: "JP", weight: 4, names: NAMES.japanese, localDomains: ["yahoo.co.jp", "docomo.ne.jp"] },
  { code: "PL", weight: 3, names: NAMES.polish, localDomains: ["wp.pl", "o2.pl"] },
  { code: "BR", weight: 3, names: NAMES.iberian, localDomains: ["uol.com.br", "bol.com.br"] },
  { code: "CA", weight: 3, names: NAMES.anglo, localDomains: ["rogers.com"] },
  { code: "AU", weight: 3, names: NAMES.anglo, localDomains: ["bigpond.com"] },
  { code: "IN", weight: 3, names: NAMES.indian, localDomains: ["rediffmail.com"] },
  { code: "SG", weight: 2, names: NAMES.chinese, localDomains: [] },
  { code: "CH", weight: 2, names: NAMES.german, localDomains: ["bluewin.ch"] },
  { code: "SE", weight: 2, names: NAMES.nordic, localDomains: ["telia.com"] },
  { code: "NG", weight: 2, names: NAMES.nigerian, localDomains: [] },
  { code: "AT", weight: 1, names: NAMES.german, localDomains: ["gmx.at"] },
  { code: "IE", weight: 1, names: NAMES.anglo, localDomains: ["eircom.net"] },
  { code: "UA", weight: 1, names: NAMES.russian, localDomains: ["ukr.net"] },
  { code: "HK", weight: 1, names: NAMES.chinese, localDomains: [] },
  { code: null, weight: 1, names: NAMES.anglo, localDomains: [] },
];
const COUNTRY_WEIGHTS = COUNTRIES.map((c) => [c, c.weight] as const);

// The company domains are fictitious (Microsoft's sample companies).
const GLOBAL_DOMAINS: readonly (readonly [string, number])[] = [
  ["gmail.com", 40],
  ["yahoo.com", 9],
  ["outlook.com", 8],
  ["hotmail.com", 8],
  ["icloud.com", 6],
  ["protonmail.com", 4],
  ["live.com", 2],
  ["me.com", 1],
  ["googlemail.com", 0.8],
  ["contoso.com", 0.4],
  ["fabrikam.com", 0.3],
  ["northwindtraders.com", 0.3],
  ["adventure-works.com", 0.2],
];

// Accounts by year opened: the 2017 boom dominates.
const OPENED_YEARS: readonly (readonly [number, number])[] = [
  [2014, 3],
  [2015, 4],
  [2016, 7],
  [2017, 30],
  [2018, 35],
  [2019, 21],
];
const LAST_OPENING = Date.parse("2019-10-31T23:59:59Z");

const GMAIL_TAGS = ["crypto", "exchange", "trading", "btc", "coins", "finance"];
const CUSTOMER_DEVICES = [
  "Chrome 78 on Windows 10",
  "Safari on iPhone",
  "Chrome on Android",
  "Firefox 70 on macOS",
  "Safari 13 on macOS",
  "Edge 18 on Windows 10",
];
const ATTACKER_DEVICES = ["python-requests/2.22", "Chrome 77 on Windows 7", "curl/7.58", "Firefox 68 on Linux"];
const WITHDRAWAL_ASSETS = ["BTC", "BTC", "BTC", "ETH", "ETH", "USDT", "XRP"];

// Stricter than matching (which keeps gmail.com and googlemail.com apart), so
// that no two generated addresses could ever be the same mailbox: the
// directory import rejects a second account with the same mailbox.
function mailboxKey(email: string): string {
  const lower = normalizeEmail(email);
  const at = lower.lastIndexOf("@");
  const domain = lower.slice(at + 1);
  if (domain !== "gmail.com" && domain !== "googlemail.com") return lower;
  const local = lower.slice(0, at).split("+")[0]!.replaceAll(".", "");
  return `${local}@gmail.com`;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function normal(random: Random): number {
  const u1 = 1 - random.next();
  const u2 = random.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function birthDigits(random: Random): string {
  return random.weighted<() => string>([
    [() => String(random.int(60, 99)), 3],
    [() => String(random.int(1960, 2001)), 3],
    [() => String(random.int(1, 999)), 4],
  ])();
}

type Person = { first: string; last: string; profile: CountryProfile };

function localPart(random: Random, { first, last }: Person): string {
  return random.weighted<() => string>([
    [() => `${first}.${last}`, 30],
    [() => `${first}${last}`, 15],
    [() => `${first}.${last}${birthDigits(random)}`, 14],
    [() => `${first}${last}${birthDigits(random)}`, 14],
    [() => `${first}_${last}`, 5],
    [() => `${first.charAt(0)}${last}`, 9],
    [() => `${first}${birthDigits(random)}`, 8],
    [() => `${last}.${first}`, 5],
  ])();
}

function generateAddress(random: Random, person: Person, withNumber: boolean): string {
  const local = person.profile.localDomains.length > 0 && random.chance(0.35);
  const domain = local ? random.pick(person.profile.localDomains) : random.weighted(GLOBAL_DOMAINS);
  let user = localPart(random, person);
  if (withNumber) user = `${user.replace(/\d+$/, "")}${random.int(1, 9999)}`;
  if (domain === "gmail.com" || domain === "googlemail.com") {
    // The quirks full normalisation will have to see through.
    if (random.chance(0.04)) user = `${user}+${random.pick(GMAIL_TAGS)}`;
    else if (random.chance(0.02) && user.length > 3) {
      const cut = random.int(1, user.length - 2);
      user = `${user.slice(0, cut)}.${user.slice(cut)}`.replace("..", ".");
    }
  }
  // Typed with capitals at sign-up and stored as typed.
  if (random.chance(0.015)) {
    return random.chance(0.7)
      ? `${user.replace(/^[a-z]|(?<=[._])[a-z]/g, (c) => c.toUpperCase())}@${domain}`
      : `${capitalize(user)}@${capitalize(domain)}`;
  }
  return `${user}@${domain}`;
}

function person(random: Random): Person {
  const profile = random.weighted(COUNTRY_WEIGHTS);
  return { first: random.pick(profile.names.first), last: random.pick(profile.names.last), profile };
}

function uniqueAddress(random: Random, taken: Set<string>, who: Person): string {
  for (let attempt = 0; ; attempt++) {
    // Common names run out of plain variants, as they do at real providers.
    const email = generateAddress(random, who, attempt >= 3);
    const key = mailboxKey(email);
    if (!taken.has(key)) {
      taken.add(key);
      return email;
    }
  }
}

function balanceCents(random: Random): number {
  if (random.chance(0.1)) return 0;
  if (random.chance(0.001)) return Math.round(1e8 * Math.exp(random.next() * Math.log(30)));
  // Log-normal around a $120 median: many small balances, a long tail.
  const cents = Math.exp(Math.log(12_000) + 2 * normal(random));
  return Math.min(Math.max(Math.round(cents), 1), 90_000_000);
}

function openedAt(random: Random): number {
  const year = random.weighted(OPENED_YEARS);
  const start = Date.UTC(year, 0, 1);
  const end = Math.min(Date.UTC(year + 1, 0, 1) - 1, LAST_OPENING);
  return start + Math.floor(random.next() * (end - start));
}

function lastLoginAt(random: Random, opened: number): number | null {
  const roll = random.next();
  if (roll < 0.05) return null;
  const cutoff = LEAK_STARTED_AT - 30 * MINUTE;
  const from = roll < 0.82 ? Math.max(opened, Date.UTC(2019, 0, 1)) : opened;
  const to = roll < 0.82 ? cutoff : Math.max(opened, Math.min(cutoff, Date.UTC(2019, 0, 1)));
  return from + Math.floor(random.next() * (to - from));
}

function toSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

// The address as the bulk mailer's list had it: the list came out of the
// marketing tool, which kept whatever case the customer first typed.
function listedAs(random: Random, email: string): string {
  const at = email.lastIndexOf("@");
  const variants = [
    email.toLowerCase(),
    capitalize(email.toLowerCase()),
    `${email.slice(0, at)}@${email.slice(at + 1).toUpperCase()}`,
    email.toUpperCase(),
  ].filter((variant) => variant !== email);
  return random.pick(variants);
}

class SecurityEventLog {
  readonly events: DemoSecurityEvent[] = [];
  private readonly keys = new Set<string>();

  add(externalId: string, kind: SecurityEventKind, at: number, ip: string, detail: string): number {
    // (account, kind, occurred_at) is unique: nudge a clash by a second.
    let occurredAt = at;
    while (this.keys.has(`${externalId}|${kind}|${occurredAt}`)) occurredAt += 1000;
    this.keys.add(`${externalId}|${kind}|${occurredAt}`);
    this.events.push({ externalId, kind, occurredAt, ip, detail });
    return occurredAt;
  }
}

function customerIp(random: Random): string {
  return `203.0.113.${random.int(1, 254)}`;
}

/** Returns when the burst ended. */
function failedLoginBurst(
  random: Random,
  log: SecurityEventLog,
  externalId: string,
  burst: { start: number; attempts: number; ip: string; detail: string },
): number {
  let at = burst.start;
  for (let i = 0; i < burst.attempts; i++) {
    at = log.add(externalId, "login_failed", at, burst.ip, burst.detail) + random.int(2, 20) * 1000;
  }
  return at;
}

// What exposed customers and the people who read their addresses did next.
function generateSecurityEvents(random: Random, accounts: DemoAccount[], exposed: DemoAccount[]): DemoSecurityEvent[] {
  const log = new SecurityEventLog();
  // Credential stuffing comes from a handful of addresses, not thousands.
  const attackerIps = Array.from({ length: 12 }, () => `198.51.100.${random.int(1, 254)}`);

  for (const account of exposed) {
    if (!random.chance(0.05)) continue;
    // Most reactions come within the first day or two, a few a week later.
    const start = toSecond(AWARE_AT + Math.min(14 * DAY, Math.max(MINUTE, -Math.log(1 - random.next()) * 20 * HOUR)));
    const scenario = random.weighted([
      ["cautious", 55],
      ["stuffing", 28],
      ["takeover", 9],
      ["api", 8],
    ] as const);
    if (scenario === "cautious") {
      const ip = customerIp(random);
      const at = log.add(
        account.externalId,
        "password_change",
        start,
        ip,
        random.chance(0.7) ? "Password changed by customer" : "Password reset via e-mail link",
      );
      if (!account.twoFactorEnabled && random.chance(0.4)) {
        log.add(account.externalId, "two_factor_change", at + random.int(1, 15) * MINUTE, ip, "2FA enabled (TOTP)");
      } else if (random.chance(0.15)) {
        log.add(
          account.externalId,
          "email_change",
          at + random.int(1, 60) * MINUTE,
          ip,
          "Account e-mail changed by customer",
        );
      }
    } else if (scenario === "stuffing") {
      const ip = random.pick(attackerIps);
      failedLoginBurst(random, log, account.externalId, {
        start,
        attempts: random.int(3, 25),
        ip,
        detail: "Wrong password",
      });
    } else if (scenario === "takeover" && account.twoFactorEnabled) {
      // The password was right; 2FA stopped them.
      const ip = random.pick(attackerIps);
      failedLoginBurst(random, log, account.externalId, {
        start,
        attempts: random.int(2, 6),
        ip,
        detail: "Wrong 2FA code",
      });
    } else if (scenario === "takeover") {
      const ip = random.pick(attackerIps);
      let at = failedLoginBurst(random, log, account.externalId, {
        start,
        attempts: random.int(1, 4),
        ip,
        detail: "Wrong password",
      });
      at = log.add(account.externalId, "login_new_device", at, ip, `New device: ${random.pick(ATTACKER_DEVICES)}`);
      at += random.int(1, 10) * MINUTE;
      if (random.chance(0.5)) {
        log.add(account.externalId, "email_change", at, ip, "Account e-mail changed");
        at += random.int(1, 5) * MINUTE;
      }
      log.add(
        account.externalId,
        "withdrawal_address_change",
        at,
        ip,
        `${random.pick(WITHDRAWAL_ASSETS)} withdrawal address added`,
      );
      if (random.chance(0.4)) {
        log.add(
          account.externalId,
          "api_key_created",
          at + random.int(1, 5) * MINUTE,
          ip,
          "API key created (read, trade, withdraw)",
        );
      }
    } else {
      // A customer wiring up a trading bot from a new laptop.
      const ip = customerIp(random);
      const at = log.add(
        account.externalId,
        "login_new_device",
        start,
        ip,
        `New device: ${random.pick(CUSTOMER_DEVICES)}`,
      );
      log.add(
        account.externalId,
        "api_key_created",
        at + random.int(1, 20) * MINUTE,
        ip,
        "API key created (read only)",
      );
    }
  }

  // The quickest readers acted before the exchange knew: changes between the
  // first batch going out and T0 do not count as "changed after T0".
  for (let i = 0; i < 6; i++) {
    const account = random.pick(exposed);
    const start = toSecond(LEAK_STARTED_AT + random.int(5, 40) * MINUTE);
    if (i % 2 === 0) {
      log.add(account.externalId, "password_change", start, customerIp(random), "Password changed by customer");
    } else {
      const ip = random.pick(attackerIps);
      failedLoginBurst(random, log, account.externalId, {
        start,
        attempts: random.int(4, 12),
        ip,
        detail: "Wrong password",
      });
    }
  }

  // Ordinary background activity in the fortnight before the leak.
  const backgroundFrom = LEAK_STARTED_AT - 14 * DAY;
  for (let i = 0; i < 120; i++) {
    const account = random.pick(accounts);
    const at = toSecond(backgroundFrom + random.next() * (LEAK_STARTED_AT - backgroundFrom));
    const kind = random.weighted<SecurityEventKind>([
      ["login_new_device", 5],
      ["login_failed", 4],
      ["password_change", 2],
      ["two_factor_change", 1],
      ["withdrawal_address_change", 1],
      ["api_key_created", 1],
    ]);
    const detail: Record<SecurityEventKind, string> = {
      login_new_device: `New device: ${random.pick(CUSTOMER_DEVICES)}`,
      login_failed: "Wrong password",
      password_change: "Password changed by customer",
      two_factor_change: "2FA enabled (TOTP)",
      email_change: "Account e-mail changed by customer",
      withdrawal_address_change: `${random.pick(WITHDRAWAL_ASSETS)} withdrawal address added`,
      api_key_created: "API key created (read only)",
    };
    log.add(account.externalId, kind, at, customerIp(random), detail[kind]);
  }

  return log.events.sort((a, b) => a.occurredAt - b.occurredAt || a.externalId.localeCompare(b.externalId));
}

/** Builds the whole demo incident in memory; the same every time. */
export function generateDemoIncidentData(): DemoIncidentData {
  const random = createRandom(RANDOM_SEED);
  const shape = DEMO_INCIDENT_SHAPE;
  const taken = new Set<string>();

  // Account numbers were handed out in order of opening.
  const openings = Array.from({ length: shape.accounts }, () => openedAt(random)).sort((a, b) => a - b);
  const people: Person[] = [];
  const accounts: DemoAccount[] = openings.map((opened, i) => {
    const who = person(random);
    people.push(who);
    const email = uniqueAddress(random, taken, who);
    const balance = balanceCents(random);
    const login = lastLoginAt(random, opened);
    return {
      externalId: `EX-${String(i + 1).padStart(7, "0")}`,
      email,
      emailNormalized: normalizeEmail(email),
      // Customers with more at stake turn 2FA on more often.
      twoFactorEnabled: random.chance(balance >= 1_000_000 ? 0.6 : 0.34),
      balanceUsdCents: balance,
      country: who.profile.code,
      openedAt: toSecond(opened),
      lastLoginAt: login === null ? null : toSecond(login),
    };
  });

  // Everyone on the marketing list but those who opted out; the list also
  // still held the addresses of some closed accounts.
  const onList = random
    .shuffle(accounts.map((_, i) => i))
    .slice(0, shape.matchedAccounts)
    .sort((a, b) => a - b);
  type Listed = { accountIndex: number } | { closed: Person };
  const list: Listed[] = onList.map((accountIndex) => ({ accountIndex }));
  for (let i = 0; i < shape.unmatchedRecipients; i++) list.push({ closed: person(random) });
  random.shuffle(list);

  const recipients: DemoRecipient[] = list.map((entry, position) => {
    const batch = Math.floor(position / shape.recipientsPerMessage);
    let emailOriginal: string;
    let who: Person;
    let externalId: string | null = null;
    if ("accountIndex" in entry) {
      const account = accounts[entry.accountIndex]!;
      who = people[entry.accountIndex]!;
      externalId = account.externalId;
      emailOriginal = random.chance(0.03) ? listedAs(random, account.email) : account.email;
    } else {
      who = entry.closed;
      emailOriginal = uniqueAddress(random, taken, who);
    }
    const displayName = random.chance(0.3) ? `${capitalize(who.first)} ${capitalize(who.last)}` : null;
    return { batch, emailOriginal, emailNormalized: normalizeEmail(emailOriginal), displayName, externalId };
  });

  const messages: DemoMessage[] = Array.from({ length: shape.messages }, (_, i) => ({
    batchKey: `indices-update-batch-${String(i + 1).padStart(2, "0")}`,
    subject: "Exchange indices update – November 2019",
    sentAt: LEAK_STARTED_AT + i * 2 * MINUTE + (i === 0 ? 0 : random.int(0, 40) * 1000),
  }));

  const exposed = onList.map((i) => accounts[i]!);
  const securityEvents = generateSecurityEvents(random, accounts, exposed);
  return { accounts, messages, recipients, securityEvents };
}

// ---------------------------------------------------------------- writing it

export type SeedDemoIncidentResult = {
  created: boolean;
  incidentId: string;
  /** Rows inserted by this call (0 when the incident already existed). */
  accounts: number;
  recipients: number;
  securityEvents: number;
};

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());



const TIMELINE = [
  {
    at: "2019-11-07T08:30:00Z",
    category: "external",
    milestone: "leak_started",
    source: "system",
    title: "Indices update e-mail starts going out with recipients in To:",
    body:
      "The bulk mailer began sending the November indices update in 23 batches of 1,000. The template put every " +
      "address of a batch in the To: field instead of Bcc:, so each recipient could see up to 999 others.",
  },
  {
    at: "2019-11-07T09:12:00Z",
    category: "detection",
    milestone: "aware",
    source: "manual",
    title: "Customers report seeing other customers' addresses",
    body:
      "Several customers posted screenshots of the e-mail's recipient list on social media and wrote to support. " +
      "The on-call security analyst confirmed the template fault and opened this incident.",
  },
  {
    at: "2019-11-07T09:40:00Z",
    category: "containment",
    milestone: "contained",
    source: "manual",
    title: "Bulk mailer job disabled",
    body:
      "All 23 batches had already gone out by about 09:15. The campaign job was disabled and the queued follow-up " +
      "campaign cancelled so that no further list could be sent with the faulty template.",
  },
  {
    at: "2019-11-07T13:00:00Z",
    category: "communication",
    milestone: null,
    source: "manual",
    title: "Public statement published",
    body:
      "A statement on the blog and social media acknowledged the mistake, apologised, and warned customers to " +
      "expect phishing and never to share passwords or 2FA codes.",
  },
  {
    at: "2019-11-08T08:00:00Z",
    category: "remediation",
    milestone: null,
    source: "manual",
    title: "Forced password resets begun for exposed accounts",
    body: "Exposed accounts are being required to reset their password at next sign-in, starting with the largest balances.",
  },
  {
    at: "2019-11-08T11:30:00Z",
    category: "communication",
    milestone: "customers_notified",
    source: "manual",
    title: "Affected customers e-mailed individually",
    body:
      "Every exposed address received a personal notice (sent one recipient per message) explaining what was " +
      "disclosed, the phishing risk, and the forced password reset.",
  },
  {
    at: "2019-11-08T16:00:00Z",
    category: "communication",
    milestone: "regulator_notified",
    source: "manual",
    title: "Breach notified to the supervisory authority",
    body:
      "Initial notification under GDPR Article 33 submitted through the authority's online form, with further " +
      "information to follow in phases.",
  },
] as const;

// Notification duties besides GDPR Article 33 (which every incident has), in
// days after T0: one met by a milestone, one still open, to show both.
const OBLIGATIONS = [
  {
    title: "Notify affected customers (GDPR Art. 34)",
    authority: "Data subjects, without undue delay",
    dueInDays: 3,
    metByMilestone: "customers_notified",
  },
  {
    title: "Notify US residents (state breach laws)",
    authority: "e.g. Colo. Rev. Stat. 6-1-716: 30 days",
    dueInDays: 30,
    metByMilestone: "customers_notified",
  },
  {
    title: "Notify the banking partner (contract, clause 14.2)",
    authority: "Partner bank's security desk",
    dueInDays: 2,
    metByMilestone: null,
  },
] as const;

type Log = (message: string) => void;

/**
 * Seeds the demo incident in one transaction: an interrupted seed leaves
 * nothing behind. Does nothing if an incident with the demo slug exists.
 * Bulk rows go in as set-based `INSERT ... SELECT FROM unnest(...)`, which is
 * far faster than row-by-row inserts on both PGlite and PostgreSQL.
 */
// The demo goes in through the same import paths staff use: the customer
// directory as CSV, the sent messages as an mbox, the security events as JSON
// lines. Each import is atomic and idempotent, so a seed interrupted between
// them completes on the next run; the timeline, written last, marks it done.

function accountsCsv(data: DemoIncidentData): string {
  const lines = ["account_id,email,2fa,balance_usd,country,created,last_login"];
  for (const a of data.accounts) {
    lines.push(
      [
        a.externalId,
        a.email,
        a.twoFactorEnabled ? "yes" : "no",
        (a.balanceUsdCents / 100).toFixed(2),
        a.country ?? "",
        iso(a.openedAt) ?? "",
        iso(a.lastLoginAt) ?? "",
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

function mailbox(name: string | null, address: string): string {
  if (!name) return address;
  // Non-ASCII names as RFC 2047 encoded words, the way mailers send them.
  const display = /^[\x20-\x7e]*$/.test(name)
    ? `"${name.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`
    : `=?UTF-8?B?${Buffer.from(name, "utf8").toString("base64")}?=`;
  return `${display} <${address}>`;
}

function demoMbox(data: DemoIncidentData): string {
  const byBatch = new Map<number, DemoRecipient[]>();
  for (const r of data.recipients) byBatch.set(r.batch, [...(byBatch.get(r.batch) ?? []), r]);
  return data.messages
    .map((m, batch) => {
      const to = (byBatch.get(batch) ?? []).map((r) => mailbox(r.displayName, r.emailOriginal));
      const date = new Date(m.sentAt).toUTCString().replace("GMT", "+0000");
      return [
        `From mailer@exchange.example ${new Date(m.sentAt).toUTCString()}`,
        `Message-ID: <${m.batchKey}>`,
        `Date: ${date}`,
        `From: Exchange News <news@exchange.example>`,
        `Subject: =?UTF-8?B?${Buffer.from(m.subject, "utf8").toString("base64")}?=`,
        // One recipient per folded line, as bulk mailers write long To: headers.
        `To: ${to.join(",\r\n ")}`,
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "This month's indices update is attached.",
        "",
      ].join("\r\n");
    })
    .join("\r\n");
}

function securityEventsJsonl(data: DemoIncidentData): string {
  return `${data.securityEvents
    .map((e) => JSON.stringify({ account_id: e.externalId, time: iso(e.occurredAt), kind: e.kind, ip: e.ip, detail: e.detail }))
    .join("\n")}\n`;
}

async function* textStream(text: string): AsyncGenerator<Buffer> {
  const buffer = Buffer.from(text, "utf8");
  for (let i = 0; i < buffer.length; i += 1 << 20) yield buffer.subarray(i, i + (1 << 20));
}

async function seedIsComplete(db: Db, incidentId: string): Promise<boolean> {
  return (await db.prisma.timelineEvent.count({ where: { incidentId, milestone: "leak_started" } })) > 0;
}

export async function seedDemoIncident(
  db: Db,
  options: { log?: Log; now?: Date } = {},
): Promise<SeedDemoIncidentResult> {
  const log = options.log ?? (() => undefined);
  const existing = await findIncident(db.sql, DEMO_INCIDENT_SLUG);
  if (existing && (await seedIsComplete(db, existing))) {
    log(`Demo incident ${DEMO_INCIDENT_SLUG} already exists; leaving it as it is.`);
    return { created: false, incidentId: existing, accounts: 0, recipients: 0, securityEvents: 0 };
  }
  if (existing) log(`Demo incident ${DEMO_INCIDENT_SLUG} is incomplete (an earlier seed was interrupted); completing it.`);

  // A seed interrupted earlier resumes on the clock it started with.
  const started = existing ? await incidentAwareAt(db.sql, existing) : null;
  const shift = started === null ? demoClockShift(options.now ?? new Date()) : started - AWARE_AT;
  const data = shiftDemoData(generateDemoIncidentData(), shift);
  await db.sql.query(
    `INSERT INTO incidents (id, slug, title, summary, status, leak_started_at, aware_at, updated_at)
     VALUES ($1, $2, $3, $4, 'open', $5, $6, now())
     ON CONFLICT (slug) DO NOTHING`,
    [
      randomUUID(),
      DEMO_INCIDENT_SLUG,
      "Indices update e-mail exposed customer addresses",
      "On 7 November 2019 the monthly indices update was sent in 23 batches of 1,000 with every customer address " +
        "visible in the To: field. Each recipient saw up to 999 other customers' e-mail addresses, which are now " +
        "being used for phishing and login attempts.",
      iso(LEAK_STARTED_AT + shift),
      iso(AWARE_AT + shift),
    ],
  );
  const incidentId = (await findIncident(db.sql, DEMO_INCIDENT_SLUG))!;

  const accounts = await importAccounts(db, {
    fileName: "demo-customer-directory.csv",
    bytesTotal: null,
    source: textStream(accountsCsv(data)),
    actor: null,
  });
  log(`Accounts: ${accounts.imported} imported, ${accounts.duplicates} already there, ${accounts.rejected} rejected.`);
  const messages = await importMessages(db, {
    incidentId,
    fileName: "indices-update-sent.mbox",
    bytesTotal: null,
    source: { kind: "mbox", stream: textStream(demoMbox(data)) },
    actor: null,
    timelineAt: new Date(AWARE_AT + shift + 50 * MINUTE),
  });
  log(`Leak: ${messages.imported} recipients imported from ${data.messages.length} messages (${messages.rejected} rejected).`);
  const events = await importSecurityEvents(db, {
    incidentId,
    fileName: "security-events.jsonl",
    bytesTotal: null,
    format: "jsonl",
    source: textStream(securityEventsJsonl(data)),
    actor: null,
    timelineAt: new Date(AWARE_AT + shift + 6 * DAY),
  });
  log(`Security events: ${events.imported} imported (${events.rejected} rejected).`);
  const rejected = accounts.rejected + messages.rejected + events.rejected;
  if (rejected > 0) throw new Error(`The demo data has ${rejected} rows the importers reject: the generator is out of step with them.`);

  await db.sql.transaction(async (tx) => {
    const eventIds = TIMELINE.map(() => randomUUID());
    await tx.query(
      `INSERT INTO timeline_events (id, incident_id, occurred_at, time_zone, category, milestone, source)
       SELECT u.id, $1, u.occurred_at, 'Europe/London', u.category::"TimelineCategory",
              u.milestone::"TimelineMilestone", u.source::"TimelineSource"
         FROM unnest($2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::text[])
              AS u(id, occurred_at, category, milestone, source)`,
      [
        incidentId,
        eventIds,
        TIMELINE.map((e) => iso(Date.parse(e.at) + shift)),
        TIMELINE.map((e) => e.category),
        TIMELINE.map((e) => e.milestone),
        TIMELINE.map((e) => e.source),
      ],
    );
    await tx.query(
      `INSERT INTO timeline_event_versions (event_id, version, title, body, recorded_by_id)
       SELECT u.event_id, 1, u.title, u.body, NULL FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(event_id, title, body)`,
      [eventIds, TIMELINE.map((e) => e.title), TIMELINE.map((e) => e.body)],
    );
    await tx.query(
      `INSERT INTO notification_obligations (id, incident_id, title, authority, due_at, met_by_milestone)
       SELECT gen_random_uuid(), $1, u.title, u.authority, $2::timestamptz + make_interval(days => u.days),
              u.milestone::"TimelineMilestone"
         FROM unnest($3::text[], $4::text[], $5::int[], $6::text[]) AS u(title, authority, days, milestone)`,
      [
        incidentId,
        iso(AWARE_AT + shift),
        OBLIGATIONS.map((o) => o.title),
        OBLIGATIONS.map((o) => o.authority),
        OBLIGATIONS.map((o) => o.dueInDays),
        OBLIGATIONS.map((o) => o.metByMilestone),
      ],
    );
    await refreshIncidentStats(tx, incidentId);
  });
  return { created: true, incidentId, accounts: accounts.imported, recipients: messages.imported, securityEvents: events.imported };
}

async function incidentAwareAt(sql: SqlQueryable, id: string): Promise<number> {
  const [row] = await sql.query<{ ms: string | number }>(
    `SELECT (extract(epoch FROM aware_at) * 1000)::bigint AS ms FROM incidents WHERE id = $1`,
    [id],
  );
  return Number(row!.ms);
}

async function findIncident(sql: SqlQueryable, slug: string): Promise<string | null> {
  const [row] = await sql.query<{ id: string }>(`SELECT id FROM incidents WHERE slug = $1`, [slug]);
  return row?.id ?? null;
}
