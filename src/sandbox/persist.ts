// The data file: the state as JSON, read once at start, written atomically (tmp + rename) after
// mutations. Writes are coalesced, so a burst of requests costs one write, not one per request.

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isJsonObject } from '../json.js';
import {
  addAccount,
  addLicenseType,
  addUiPathGroup,
  emptyState,
  ensureFusionGroup,
  setAllocation,
  type SandboxState,
} from './state.js';

const VERSION = 1;

/** The state as plain JSON. `withSecrets: false` leaves tokens out (GET /_sandbox/state). */
export function toJson(state: SandboxState, withSecrets: boolean, now = Date.now()): unknown {
  return {
    version: VERSION,
    orgs: state.orgs,
    nextLicenseTypeId: state.nextLicenseTypeId,
    accounts: [...state.accounts.values()].map((a) => ({
      id: a.id,
      org: a.org,
      purchased: a.purchased,
      // userBundleCodes is [] for a group without a rule (readers filter on it); `rule` tells them apart.
      groups: [...a.groups.values()].map((g) => ({
        id: g.id,
        name: g.name,
        userBundleCodes: g.allocation?.userBundleCodes ?? [],
        useExternalLicense: g.allocation?.useExternalLicense ?? false,
        rule: g.allocation !== null,
        type: g.type,
        creationTime: g.creationTime,
        ...(g.deleted && { deleted: true }),
      })),
    })),
    instances: [...state.instances.values()].map((i) => ({
      name: i.name,
      groups: [...i.groups.values()].map((g) => ({ uuid: g.uuid, name: g.name, licenseTypes: [...g.licenseTypes.values()] })),
    })),
    ...(withSecrets && {
      adminToken: state.adminToken,
      tokens: [...state.tokens]
        .filter(([, t]) => t.expiresAt === null || t.expiresAt > now)
        .map(([token, t]) => ({ token, ...t })),
      refreshTokens: [...state.refreshTokens].map(([token, r]) => ({ token, ...r })),
    }),
  };
}

class Shape extends Error {}

function obj(v: unknown, where: string): Record<string, unknown> {
  if (!isJsonObject(v)) throw new Shape(`${where} is not an object`);
  return v;
}
function arr(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new Shape(`${where} is not an array`);
  return v;
}
function str(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new Shape(`${where} is not a string`);
  return v;
}
function int(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new Shape(`${where} is not an integer`);
  return v;
}
function strs(v: unknown, where: string): string[] {
  return arr(v, where).map((s, i) => str(s, `${where}[${i}]`));
}

export function fromJson(data: unknown): SandboxState {
  const root = obj(data, 'the document');
  if (root.version !== VERSION) throw new Shape(`version is ${JSON.stringify(root.version)}, expected ${VERSION}`);
  const state = emptyState();
  state.orgs = strs(root.orgs, 'orgs');
  arr(root.accounts, 'accounts').forEach((a, i) => {
    const at = `accounts[${i}]`;
    const ao = obj(a, at);
    const purchased: Record<string, number> = {};
    for (const [code, n] of Object.entries(obj(ao.purchased, `${at}.purchased`))) purchased[code] = int(n, `${at}.purchased.${code}`);
    const account = addAccount(state, str(ao.org, `${at}.org`), str(ao.id, `${at}.id`), purchased);
    arr(ao.groups, `${at}.groups`).forEach((g, j) => {
      const go = obj(g, `${at}.groups[${j}]`);
      const id = str(go.id, `${at}.groups[${j}].id`);
      const group = addUiPathGroup(account, id, str(go.name, `${at}.groups[${j}].name`), {
        type: go.type === undefined ? undefined : int(go.type, `${at}.groups[${j}].type`),
        creationTime: go.creationTime === undefined ? undefined : str(go.creationTime, `${at}.groups[${j}].creationTime`),
      });
      const codes = strs(go.userBundleCodes, `${at}.groups[${j}].userBundleCodes`);
      // Files written before rules could be removed have no `rule`: every group held one then.
      if (go.rule !== false) setAllocation(account, id, { userBundleCodes: codes, useExternalLicense: go.useExternalLicense === true });
      if (go.deleted === true) group.deleted = true;
    });
  });
  arr(root.instances, 'instances').forEach((inst, i) => {
    const io = obj(inst, `instances[${i}]`);
    const name = str(io.name, `instances[${i}].name`);
    state.instances.set(name, { name, groups: new Map() });
    arr(io.groups, `instances[${i}].groups`).forEach((g, j) => {
      const at = `instances[${i}].groups[${j}]`;
      const go = obj(g, at);
      const group = ensureFusionGroup(state, name, str(go.uuid, `${at}.uuid`), str(go.name, `${at}.name`));
      arr(go.licenseTypes, `${at}.licenseTypes`).forEach((lt, k) => {
        const lat = `${at}.licenseTypes[${k}]`;
        const lo = obj(lt, lat);
        const fields = { name: str(lo.name, `${lat}.name`), sku: str(lo.sku, `${lat}.sku`), description: str(lo.description, `${lat}.description`) };
        addLicenseType(state, group, fields, int(lo.id, `${lat}.id`));
      });
    });
  });
  state.nextLicenseTypeId = Math.max(state.nextLicenseTypeId, int(root.nextLicenseTypeId, 'nextLicenseTypeId'));
  if (typeof root.adminToken === 'string') state.adminToken = root.adminToken;
  arr(root.tokens ?? [], 'tokens').forEach((t, i) => {
    const to = obj(t, `tokens[${i}]`);
    const expiresAt = to.expiresAt === null ? null : int(to.expiresAt, `tokens[${i}].expiresAt`);
    state.tokens.set(str(to.token, `tokens[${i}].token`), {
      subject: str(to.subject, `tokens[${i}].subject`),
      scopes: strs(to.scopes, `tokens[${i}].scopes`),
      roles: strs(to.roles, `tokens[${i}].roles`),
      expiresAt,
    });
  });
  arr(root.refreshTokens ?? [], 'refreshTokens').forEach((r, i) => {
    const ro = obj(r, `refreshTokens[${i}]`);
    state.refreshTokens.set(str(ro.token, `refreshTokens[${i}].token`), {
      clientId: str(ro.clientId, `refreshTokens[${i}].clientId`),
      subject: str(ro.subject, `refreshTokens[${i}].subject`),
      scopes: strs(ro.scopes, `refreshTokens[${i}].scopes`),
    });
  });
  return state;
}

/** Reads the data file; undefined when it does not exist; a clear Error naming it when corrupt. */
export async function loadStateFile(file: string): Promise<SandboxState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`sandbox data file ${file} cannot be read: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`sandbox data file ${file} is corrupt (not valid JSON: ${(err as Error).message}); fix or delete it`);
  }
  try {
    return fromJson(data);
  } catch (err) {
    if (!(err instanceof Shape)) throw err;
    throw new Error(`sandbox data file ${file} is corrupt (${err.message}); fix or delete it`);
  }
}

let tmpCounter = 0;

export class DataFileWriter {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private reported = false;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => unknown,
    private readonly delayMs = 100,
  ) {}

  markDirty(): void {
    this.dirty = true;
    if (this.timer || this.writing) return; // the write in progress reschedules when it ends
    this.timer = setTimeout(() => this.kick(), this.delayMs);
    this.timer.unref();
  }

  /** Writes now if anything changed since the last write; rejects if that write fails. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    if (this.dirty) await this.writeOnce();
  }

  private kick(): void {
    this.timer = undefined;
    let failed = false;
    this.writing = this.writeOnce()
      .catch((err: unknown) => {
        // Keep the change pending (the next mutation or flush retries) without a retry loop.
        failed = true;
        this.dirty = true;
        if (this.reported) return;
        this.reported = true;
        process.stderr.write(`licensectl sandbox: cannot write ${this.file}: ${(err as Error).message}\n`);
      })
      .finally(() => {
        this.writing = undefined;
        if (this.dirty && !failed) this.markDirty();
      });
  }

  private async writeOnce(): Promise<void> {
    this.dirty = false;
    const text = JSON.stringify(this.snapshot());
    const tmp = `${this.file}.${process.pid}.${++tmpCounter}.tmp`;
    await mkdir(dirname(this.file), { recursive: true });
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, this.file);
  }
}
