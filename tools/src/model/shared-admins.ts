// One person speaks for one organization. Governance identifies an approving person by numeric
// GitHub id and shows them by login; a registry that lists either under two orgs lets one review
// count as two organizations' approvals. Validation (rules/unique-admin.ts) refuses such a registry,
// and governance refuses to judge under one (a base branch can predate the rule).
import type { OrgAdmin, Organization } from './types.ts';

export interface AdminListing {
  readonly org: Organization;
  /** Index in the org's `admins`. */
  readonly index: number;
  readonly admin: OrgAdmin;
}

export interface SharedAdmin {
  /** What the listings share: the numeric id, or the login (GitHub logins ignore letter case). */
  readonly by: 'githubId' | 'login';
  /** Every listing of that id or login, in model order; they span at least two orgs. */
  readonly listings: readonly AdminListing[];
}

export function findSharedAdmins(orgs: readonly Organization[]): SharedAdmin[] {
  const byId = new Map<number, AdminListing[]>();
  const byLogin = new Map<string, AdminListing[]>();
  for (const org of orgs) {
    org.admins.forEach((admin, index) => {
      const listing = { org, index, admin };
      byId.set(admin.githubId, [...(byId.get(admin.githubId) ?? []), listing]);
      const login = admin.github.toLowerCase();
      byLogin.set(login, [...(byLogin.get(login) ?? []), listing]);
    });
  }
  const spansOrgs = (listings: readonly AdminListing[]) => new Set(listings.map((l) => l.org.id)).size > 1;
  return [
    ...[...byId.values()].filter(spansOrgs).map((listings) => ({ by: 'githubId' as const, listings })),
    ...[...byLogin.values()].filter(spansOrgs).map((listings) => ({ by: 'login' as const, listings })),
  ];
}

/** "GitHub id 123 (alice)" or "GitHub login "alice"", as messages name a shared admin. */
export function describeSharedAdmin(shared: SharedAdmin, listing: AdminListing): string {
  return shared.by === 'githubId'
    ? `GitHub id ${listing.admin.githubId} (${listing.admin.github})`
    : `GitHub login "${listing.admin.github}"`;
}
