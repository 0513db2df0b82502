// Checking a pasted token before storing it, with the cheapest authenticated call the profile
// allows. Only Fusion has one that needs nothing but the profile's defaults (one license type of
// its group); UiPath documents no GET that works without a group, so a UiPath token is stored
// unverified. Only a 401 proves the token bad; any other trouble leaves the question open.

import type { HttpClient } from '../api/http.js';
import type { Profile } from '../config/profile.js';
import { ApiError, CliError } from '../errors.js';

export type Verdict =
  | { verified: true; note?: string }
  | { verified: false; rejected: true; reason: string }
  | { verified: false; rejected: false; reason: string };

export async function verifyToken(profile: Profile, http: () => Promise<HttpClient>): Promise<Verdict> {
  if (!profile.instance || !profile.group) {
    return { verified: false, rejected: false, reason: 'the profile has no Fusion instance and group to check it against' };
  }
  try {
    await (await http()).request({
      method: 'GET',
      path: ['api', 'v01', 'draas', profile.instance, 'groups', profile.group, 'license_types'],
      query: { page_size: 1 },
    });
    return { verified: true };
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      return { verified: false, rejected: true, reason: err.apiMessage ?? 'the server answered 401' };
    }
    // A 403 or 404 still means the token itself was accepted.
    if (err instanceof ApiError && (err.status === 403 || err.status === 404)) return { verified: true, note: err.message };
    if (err instanceof CliError && err.code !== 'insecure' && err.code !== 'interrupted') {
      return { verified: false, rejected: false, reason: err.message };
    }
    throw err;
  }
}
