import type { StoredAuth } from '../../config/profile.js';
import { envToken } from '../../auth/token-source.js';
import type { Context, ResolvedProfile } from '../../context.js';
import { authError, usageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { describeRemaining, isExpired, jwtExpiry } from '../../auth/expiry.js';
import type { HttpClient } from '../../api/http.js';
import { fusionLogin, fusionSecondFactor, type FusionAnswer } from '../../auth/fusion-login.js';
import type { Grant } from '../../auth/grant.js';
import { canPrompt, promptHidden } from '../../output/prompt.js';
import { oauthToken } from '../../auth/uipath-identity.js';
import { planLogin, type LoginOptions, type LoginPlan } from '../../auth/plan.js';
import { anonymousHttp, withGrant } from '../../auth/session.js';
import { readSecrets, type SecretSpec } from '../../auth/stdin.js';
import { verifyToken, type Verdict } from '../../auth/verify.js';

const TOKEN: SecretSpec = { label: 'token', flag: '--with-token', trim: 'all' };
/** `auth login` with no flag at all reads a token too; its messages name only what was typed. */
const IMPLICIT_TOKEN: SecretSpec = { label: 'token', flag: 'auth login', trim: 'all' };
const CLIENT_SECRET: SecretSpec = { label: 'client secret', flag: '--client-secret-stdin', trim: 'all' };
const PASSWORD: SecretSpec = { label: 'password', flag: '--password-stdin', trim: 'line-end' };

export async function run(ctx: Context, _args: string[], opts: LoginOptions): Promise<number> {
  const resolved = ctx.resolveProfile();
  const { name, profile } = resolved;
  if (name === undefined || !profile) {
    throw usageError('a login is stored in a profile: create one with `licensectl profile set <name> --base-url <url> --use`, or pick one with --profile');
  }
  const plan = planLogin(opts, profile, resolved.baseUrl);
  if ((plan.kind === 'password' || plan.kind === 'fusion_login') && plan.promptPassword && !canPrompt(ctx.io)) {
    throw usageError('--username needs the password: pipe it in with --password-stdin, or run in a terminal to be asked for it');
  }
  const secrets = await readSecrets(ctx.io, secretsFor(plan));
  for (const s of secrets) ctx.secrets.add(s);

  const { auth, verdict } = await obtain(ctx, resolved, plan, secrets);
  if (verdict && !verdict.verified && verdict.rejected) {
    throw authError(`the server refused this token (401: ${verdict.reason}); it was not stored`);
  }
  await ctx.store().update((data) => {
    const target = data.profiles[name];
    if (!target) throw usageError(`profile "${name}" was removed while logging in; nothing was stored`);
    // The login belongs to the origin it was made for (auth/token-source.ts sends it nowhere else).
    target.auth = { ...auth, origin: new URL(resolved.baseUrl).origin };
  });

  report(ctx, name, auth, verdict);
  if (envToken(ctx.env)) ctx.out.warn('LICENSECTL_TOKEN is set: it overrides this stored login until you unset it');
  return ExitCode.ok;
}

function secretsFor(plan: LoginPlan): SecretSpec[] {
  switch (plan.kind) {
    case 'token': return [plan.flagged ? TOKEN : IMPLICIT_TOKEN];
    case 'client_credentials': return [CLIENT_SECRET];
    case 'password': return plan.withClientSecret ? [PASSWORD, CLIENT_SECRET] : [PASSWORD];
    case 'fusion_login': return [PASSWORD];
  }
}

async function obtain(ctx: Context, resolved: ResolvedProfile, plan: LoginPlan, secrets: string[]): Promise<{ auth: StoredAuth; verdict?: Verdict }> {
  const http = () => anonymousHttp(ctx, resolved);
  const allowInsecureHttp = resolved.profile?.allowInsecureHttp ?? false;
  const grantOpts = { allowInsecureHttp, now: ctx.now };
  switch (plan.kind) {
    case 'token': {
      const token = secrets[0]!;
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f\u007f]/.test(token)) throw usageError('the token holds a line break or another control character (only one line is a token): nothing was stored');
      const expiresAt = jwtExpiry(token);
      if (expiresAt !== undefined && isExpired({ expiresAt }, ctx.now())) {
        throw authError(`this token expired ${describeRemaining(expiresAt - ctx.now())} (${new Date(expiresAt).toISOString()}); it was not stored`);
      }
      const verdict = await verifyToken(resolved.profile!, () => ctx.http(resolved, { auth: { token: async () => token } }));
      return { auth: { method: 'token', token, ...(expiresAt !== undefined && { expiresAt }) }, verdict };
    }
    case 'client_credentials': {
      const clientSecret = secrets[0]!;
      const scope = plan.scope === undefined ? {} : { scope: plan.scope };
      const grant = await oauthToken(await http(), plan.tokenUrl, { grant_type: 'client_credentials', client_id: plan.clientId, client_secret: clientSecret, ...scope }, grantOpts);
      return { auth: withGrant({ method: 'client_credentials', clientId: plan.clientId, clientSecret, ...scope, tokenUrl: plan.tokenUrl }, grant) };
    }
    case 'password': {
      const [password, clientSecret] = secrets as [string, string | undefined];
      const grant = await oauthToken(
        await http(),
        plan.tokenUrl,
        { grant_type: 'password', client_id: plan.clientId, client_secret: clientSecret, username: plan.username, password: password, scope: plan.scope },
        grantOpts,
      );
      const base: StoredAuth = { method: 'password', clientId: plan.clientId, username: plan.username, scope: plan.scope, tokenUrl: plan.tokenUrl };
      if (clientSecret) base.clientSecret = clientSecret;
      return { auth: withGrant(base, grant) };
    }
    case 'fusion_login': {
      const client = await http();
      const answer = await fusionLogin(client, resolved.baseUrl, plan.username, secrets[0]!, grantOpts);
      if (answer.kind === 'grant' && plan.otp !== undefined) ctx.out.warn('--otp was not used: the server did not ask for a second factor');
      const grant = answer.kind === 'grant' ? answer.grant : await secondFactor(ctx, client, resolved.baseUrl, answer, plan.otp, grantOpts);
      if (grant.refreshToken) ctx.secrets.add(grant.refreshToken);
      return { auth: withGrant({ method: 'fusion_login', username: plan.username }, grant) };
    }
  }
}

/**
 * Finishes a Fusion login that asked for a second factor: the code from --otp, else typed at a
 * prompt. An emailed code exists only once the login has sent it, so without a terminal only a
 * TOTP code can be given in advance.
 */
async function secondFactor(
  ctx: Context,
  http: HttpClient,
  baseUrl: string,
  challenge: Extract<FusionAnswer, { kind: 'challenge' }>,
  otp: string | undefined,
  grantOpts: { allowInsecureHttp: boolean; now: () => number },
): Promise<Grant> {
  const how = challenge.option === 'email' ? 'a code just sent by email'
    : challenge.option === 'totp' ? 'the current code of its authenticator app (TOTP)'
    : `a one-time code${challenge.option === 'unknown' ? '' : ` (${challenge.option})`}`;
  let code = otp?.trim();
  if (code === undefined) {
    if (!canPrompt(ctx.io)) {
      throw authError(
        challenge.option === 'email'
          ? `this account needs a second factor (${how}), and without a terminal there is no way to type it: run \`licensectl auth login\` in a terminal, or for CI log in as a user with a machine-to-machine token`
          : `this account needs a second factor (${how}): pass it with --otp <code>, or run \`licensectl auth login\` in a terminal to be asked for it`,
      );
    }
    ctx.out.note(`This account needs a second factor: ${how}.`);
    code = (await promptHidden(ctx.io, '2FA code: ')).trim();
    if (code === '') throw authError('no 2FA code was entered: run `licensectl auth login` again');
  }
  // One-time, but still nobody else's to read: shown masked in --verbose, scrubbed from messages.
  ctx.secrets.add(code);
  ctx.log(`2FA: sending the ${challenge.option} code ${'*'.repeat(code.length)}`);
  return fusionSecondFactor(http, baseUrl, challenge.payload, code, grantOpts);
}

const METHODS: Record<StoredAuth['method'], string> = {
  token: 'a token',
  client_credentials: 'client credentials',
  password: 'the UiPath password grant',
  fusion_login: 'the Fusion login',
};

function report(ctx: Context, name: string, auth: StoredAuth, verdict: Verdict | undefined): void {
  const expiresAt = auth.expiresAt === undefined ? null : new Date(auth.expiresAt).toISOString();
  if (ctx.out.json) {
    ctx.out.writeJson({
      profile: name,
      method: auth.method,
      verified: verdict ? verdict.verified : true,
      expiresAt,
      ...(auth.clientId !== undefined && { clientId: auth.clientId }),
      ...(auth.username !== undefined && { username: auth.username }),
      ...(auth.machine && { machine: true }),
    });
    return;
  }
  if (auth.machine) {
    ctx.out.success(`Logged in to profile "${name}" as "${auth.username}" with a machine-to-machine token (it does not expire)`);
    ctx.out.note('A machine token is the right choice for CI, which would meet 2FA on every run: give the job this token as LICENSECTL_TOKEN (`licensectl auth token` prints it).');
    return;
  }
  const who = auth.username ? ` as "${auth.username}"` : auth.clientId ? ` as client "${auth.clientId}"` : '';
  const expiry = auth.expiresAt === undefined ? '' : `, token expires ${describeRemaining(auth.expiresAt - ctx.now())}`;
  if (!verdict) {
    ctx.out.success(`Logged in to profile "${name}"${who} with ${METHODS[auth.method]}${expiry}`);
  } else if (verdict.verified) {
    ctx.out.success(`Token stored in profile "${name}" and verified${expiry}`);
    if (verdict.note) ctx.out.warn(`the token was accepted, but the check said: ${ctx.redact(verdict.note)}`);
  } else {
    ctx.out.success(`Token stored in profile "${name}" (not verified: ${ctx.redact(verdict.reason)})${expiry}`);
  }
}
