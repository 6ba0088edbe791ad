/**
 * Renders state records as the JSON GitHub returns (field names and required fields as in the
 * OpenAPI description). Every URL points back at the emulator; nothing points at github.com.
 */
import { BOT_LOGIN, type EmulatorState } from './state.js';
import type {
  AssetRecord,
  CheckRunRecord,
  CommentRecord,
  CommitRecord,
  DeploymentRecord,
  DeploymentStatusRecord,
  IssueRecord,
  LabelRecord,
  PullRecord,
  ReleaseRecord,
  StatusRecord,
  TagObjectRecord,
} from './types.js';

type Json = Record<string, unknown>;

export const nodeId = (type: string, id: number | string): string =>
  Buffer.from(`${type}:${id}`).toString('base64');

/** `{base}/repos/{owner}/{repo}{path}` */
export function apiUrl(s: EmulatorState, path = ''): string {
  return `${s.baseUrl}/repos/${s.owner}/${s.repo}${path}`;
}

/** The emulator's stand-in for `https://github.com/{owner}/{repo}{path}`. */
export function htmlUrl(s: EmulatorState, path = ''): string {
  return `${s.baseUrl}/${s.owner}/${s.repo}${path}`;
}

export function userJson(
  s: EmulatorState,
  login: string,
  id: number,
  type: 'User' | 'Bot' | 'Organization',
): Json {
  const u = `${s.baseUrl}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: nodeId(type, id),
    avatar_url: `${s.baseUrl}/avatars/u/${id}`,
    gravatar_id: '',
    url: u,
    html_url: `${s.baseUrl}/${encodeURIComponent(login)}`,
    followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`,
    repos_url: `${u}/repos`,
    events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`,
    type,
    site_admin: false,
  };
}

/** The token's user: every write is attributed to it. */
export const botJson = (s: EmulatorState): Json => userJson(s, BOT_LOGIN, 41898282, 'Bot');
export const ownerJson = (s: EmulatorState): Json => userJson(s, s.owner, 9919, 'Organization');

/** Fields GitHub leaves out of the shorter repository shapes. */
const NOT_IN: Record<'repository' | 'minimal', string[]> = {
  repository: ['subscribers_count', 'network_count'],
  minimal: [
    'allow_rebase_merge',
    'allow_squash_merge',
    'allow_merge_commit',
    'allow_auto_merge',
    'allow_update_branch',
  ],
};

/** `full-repository` (GET /repos), `repository` (pull request head/base) or `minimal-repository`. */
export function repositoryJson(s: EmulatorState, shape: 'full' | 'repository' | 'minimal' = 'full'): Json {
  const full = fullRepositoryJson(s);
  if (shape !== 'full') for (const key of NOT_IN[shape]) delete full[key];
  return full;
}

function fullRepositoryJson(s: EmulatorState): Json {
  const a = apiUrl(s);
  return {
    id: s.repoId,
    node_id: nodeId('Repository', s.repoId),
    name: s.repo,
    full_name: `${s.owner}/${s.repo}`,
    owner: ownerJson(s),
    private: true,
    html_url: htmlUrl(s),
    description: null,
    fork: false,
    url: a,
    archive_url: `${a}/{archive_format}{/ref}`,
    assignees_url: `${a}/assignees{/user}`,
    blobs_url: `${a}/git/blobs{/sha}`,
    branches_url: `${a}/branches{/branch}`,
    collaborators_url: `${a}/collaborators{/collaborator}`,
    comments_url: `${a}/comments{/number}`,
    commits_url: `${a}/commits{/sha}`,
    compare_url: `${a}/compare/{base}...{head}`,
    contents_url: `${a}/contents/{+path}`,
    contributors_url: `${a}/contributors`,
    deployments_url: `${a}/deployments`,
    downloads_url: `${a}/downloads`,
    events_url: `${a}/events`,
    forks_url: `${a}/forks`,
    git_commits_url: `${a}/git/commits{/sha}`,
    git_refs_url: `${a}/git/refs{/sha}`,
    git_tags_url: `${a}/git/tags{/sha}`,
    git_url: `${htmlUrl(s)}.git`,
    issue_comment_url: `${a}/issues/comments{/number}`,
    issue_events_url: `${a}/issues/events{/number}`,
    issues_url: `${a}/issues{/number}`,
    keys_url: `${a}/keys{/key_id}`,
    labels_url: `${a}/labels{/name}`,
    languages_url: `${a}/languages`,
    merges_url: `${a}/merges`,
    milestones_url: `${a}/milestones{/number}`,
    notifications_url: `${a}/notifications{?since,all,participating}`,
    pulls_url: `${a}/pulls{/number}`,
    releases_url: `${a}/releases{/id}`,
    ssh_url: `git@127.0.0.1:${s.owner}/${s.repo}.git`,
    stargazers_url: `${a}/stargazers`,
    statuses_url: `${a}/statuses/{sha}`,
    subscribers_url: `${a}/subscribers`,
    subscription_url: `${a}/subscription`,
    tags_url: `${a}/tags`,
    teams_url: `${a}/teams`,
    trees_url: `${a}/git/trees{/sha}`,
    clone_url: `${htmlUrl(s)}.git`,
    mirror_url: null,
    hooks_url: `${a}/hooks`,
    svn_url: htmlUrl(s),
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 1024,
    default_branch: s.defaultBranch,
    open_issues_count: s.issues.filter((i) => i.state === 'open').length,
    open_issues: s.issues.filter((i) => i.state === 'open').length,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'private',
    pushed_at: s.repoCreatedAt,
    created_at: s.repoCreatedAt,
    updated_at: s.repoCreatedAt,
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
    allow_rebase_merge: true,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    allow_update_branch: false,
    allow_forking: false,
    web_commit_signoff_required: false,
    subscribers_count: 0,
    network_count: 0,
    license: null,
  };
}

export function releaseJson(s: EmulatorState, r: ReleaseRecord): Json {
  const url = apiUrl(s, `/releases/${r.id}`);
  const pathTag = r.draft ? `untagged-${r.untagged}` : encodeURIComponent(r.tag_name);
  return {
    url,
    assets_url: `${url}/assets`,
    upload_url: `${s.baseUrl}/uploads/repos/${s.owner}/${s.repo}/releases/${r.id}/assets{?name,label}`,
    html_url: htmlUrl(s, `/releases/tag/${pathTag}`),
    id: r.id,
    author: botJson(s),
    node_id: nodeId('Release', r.id),
    tag_name: r.tag_name,
    target_commitish: r.target_commitish,
    name: r.name,
    draft: r.draft,
    immutable: r.immutable,
    prerelease: r.prerelease,
    created_at: r.created_at,
    updated_at: r.updated_at,
    published_at: r.published_at,
    assets: s.assetsOf(r.id).map((a) => assetJson(s, a)),
    tarball_url: r.draft ? null : apiUrl(s, `/tarball/${encodeURIComponent(r.tag_name)}`),
    zipball_url: r.draft ? null : apiUrl(s, `/zipball/${encodeURIComponent(r.tag_name)}`),
    body: r.body,
  };
}

export function assetDownloadUrl(s: EmulatorState, a: AssetRecord): string {
  const release = s.release(a.release_id);
  const tag = release && !release.draft ? release.tag_name : `untagged-${release?.untagged ?? ''}`;
  return htmlUrl(s, `/releases/download/${encodeURIComponent(tag)}/${encodeURIComponent(a.name)}`);
}

export function assetJson(s: EmulatorState, a: AssetRecord): Json {
  return {
    url: apiUrl(s, `/releases/assets/${a.id}`),
    id: a.id,
    node_id: nodeId('ReleaseAsset', a.id),
    name: a.name,
    label: a.label,
    uploader: botJson(s),
    content_type: a.content_type,
    state: a.state,
    size: a.size,
    digest: a.digest,
    download_count: a.download_count,
    created_at: a.created_at,
    updated_at: a.updated_at,
    browser_download_url: assetDownloadUrl(s, a),
  };
}

export function gitRefJson(s: EmulatorState, ref: string, sha: string): Json {
  const type = s.objectType(sha) ?? 'commit';
  return {
    ref,
    node_id: nodeId('Ref', ref),
    url: apiUrl(s, `/git/${ref}`),
    object: { sha, type, url: apiUrl(s, `/git/${type === 'tag' ? 'tags' : 'commits'}/${sha}`) },
  };
}

const unsigned = { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };

export function gitTagJson(s: EmulatorState, t: TagObjectRecord): Json {
  return {
    node_id: nodeId('Tag', t.sha),
    tag: t.tag,
    sha: t.sha,
    url: apiUrl(s, `/git/tags/${t.sha}`),
    message: t.message,
    tagger: t.tagger,
    object: {
      sha: t.object.sha,
      type: t.object.type,
      url: apiUrl(s, `/git/${t.object.type === 'tag' ? 'tags' : 'commits'}/${t.object.sha}`),
    },
    verification: unsigned,
  };
}

export function commitJson(s: EmulatorState, c: CommitRecord): Json {
  return {
    url: apiUrl(s, `/commits/${c.sha}`),
    sha: c.sha,
    node_id: nodeId('Commit', c.sha),
    html_url: htmlUrl(s, `/commit/${c.sha}`),
    comments_url: apiUrl(s, `/commits/${c.sha}/comments`),
    commit: {
      url: apiUrl(s, `/git/commits/${c.sha}`),
      author: c.author,
      committer: c.committer,
      message: c.message,
      comment_count: 0,
      tree: { sha: c.tree, url: apiUrl(s, `/git/trees/${c.tree}`) },
      verification: unsigned,
    },
    author: botJson(s),
    committer: botJson(s),
    parents: c.parents.map((p) => ({
      sha: p,
      url: apiUrl(s, `/commits/${p}`),
      html_url: htmlUrl(s, `/commit/${p}`),
    })),
    stats: { additions: 0, deletions: 0, total: 0 },
    files: [],
  };
}

export function deploymentJson(s: EmulatorState, d: DeploymentRecord): Json {
  const url = apiUrl(s, `/deployments/${d.id}`);
  return {
    url,
    id: d.id,
    node_id: nodeId('Deployment', d.id),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.original_environment,
    environment: d.environment,
    description: d.description,
    creator: botJson(s),
    created_at: d.created_at,
    updated_at: d.updated_at,
    statuses_url: `${url}/statuses`,
    repository_url: apiUrl(s),
    transient_environment: d.transient_environment,
    production_environment: d.production_environment,
  };
}

export function deploymentStatusJson(s: EmulatorState, st: DeploymentStatusRecord): Json {
  const deploymentUrl = apiUrl(s, `/deployments/${st.deployment_id}`);
  const out: Json = {
    url: `${deploymentUrl}/statuses/${st.id}`,
    id: st.id,
    node_id: nodeId('DeploymentStatus', st.id),
    state: st.state,
    creator: botJson(s),
    description: st.description,
    environment: st.environment,
    target_url: st.target_url,
    created_at: st.created_at,
    updated_at: st.updated_at,
    deployment_url: deploymentUrl,
    repository_url: apiUrl(s),
  };
  // GitHub sends "" for unset URLs; the OpenAPI description types them as URIs, so they are
  // omitted when empty (target_url is required and stays, "" included, as GitHub sends it).
  if (st.environment_url) out.environment_url = st.environment_url;
  if (st.log_url) out.log_url = st.log_url;
  return out;
}

/** The GitHub Actions app: check runs created with GITHUB_TOKEN belong to it. */
function actionsAppJson(s: EmulatorState): Json {
  return {
    id: 15368,
    slug: 'github-actions',
    node_id: nodeId('App', 15368),
    client_id: 'Iv1.emulated0000000',
    owner: userJson(s, 'github', 9919001, 'Organization'),
    name: 'GitHub Actions',
    description: 'Automate your workflow from idea to production',
    external_url: `${s.baseUrl}/features/actions`,
    html_url: `${s.baseUrl}/apps/github-actions`,
    created_at: s.repoCreatedAt,
    updated_at: s.repoCreatedAt,
    permissions: {
      checks: 'write',
      contents: 'write',
      deployments: 'write',
      issues: 'write',
      metadata: 'read',
    },
    events: ['check_run', 'check_suite', 'deployment', 'push', 'release'],
  };
}

export function checkRunJson(s: EmulatorState, c: CheckRunRecord): Json {
  const url = apiUrl(s, `/check-runs/${c.id}`);
  return {
    id: c.id,
    head_sha: c.head_sha,
    node_id: nodeId('CheckRun', c.id),
    external_id: c.external_id,
    url,
    html_url: htmlUrl(s, `/runs/${c.id}`),
    details_url: c.details_url,
    status: c.status,
    conclusion: c.conclusion,
    started_at: c.started_at,
    completed_at: c.completed_at,
    output: {
      title: c.output.title,
      summary: c.output.summary,
      text: c.output.text,
      annotations_count: c.output.annotations.length,
      annotations_url: `${url}/annotations`,
    },
    name: c.name,
    check_suite: { id: 1 + (c.id % 1000) },
    app: actionsAppJson(s),
    pull_requests: [],
  };
}

export function statusJson(s: EmulatorState, st: StatusRecord): Json {
  return {
    url: apiUrl(s, `/statuses/${st.sha}`),
    avatar_url: `${s.baseUrl}/avatars/u/41898282`,
    id: st.id,
    node_id: nodeId('StatusContext', st.id),
    state: st.state,
    description: st.description,
    target_url: st.target_url,
    context: st.context,
    created_at: st.created_at,
    updated_at: st.updated_at,
    creator: botJson(s),
  };
}

export function simpleStatusJson(s: EmulatorState, st: StatusRecord): Json {
  const full = statusJson(s, st);
  delete full.creator;
  return { ...full, required: false };
}

export function labelJson(s: EmulatorState, l: LabelRecord): Json {
  return {
    id: l.id,
    node_id: nodeId('Label', l.id),
    url: apiUrl(s, `/labels/${encodeURIComponent(l.name)}`),
    name: l.name,
    description: l.description,
    color: l.color,
    default: false,
  };
}

const noReactions = (url: string): Json => ({
  url: `${url}/reactions`,
  total_count: 0,
  '+1': 0,
  '-1': 0,
  laugh: 0,
  confused: 0,
  heart: 0,
  hooray: 0,
  eyes: 0,
  rocket: 0,
});

export function issueJson(s: EmulatorState, i: IssueRecord): Json {
  const url = apiUrl(s, `/issues/${i.number}`);
  const out: Json = {
    id: i.id,
    node_id: nodeId('Issue', i.id),
    url,
    repository_url: apiUrl(s),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: htmlUrl(s, `/${i.is_pull_request ? 'pull' : 'issues'}/${i.number}`),
    number: i.number,
    state: i.state,
    state_reason: i.state_reason,
    title: i.title,
    body: i.body,
    user: botJson(s),
    labels: i.labels.map((name) => labelJson(s, s.ensureLabel(name))),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: i.comments.length,
    closed_at: i.closed_at,
    created_at: i.created_at,
    updated_at: i.updated_at,
    closed_by: null,
    author_association: 'CONTRIBUTOR',
    reactions: noReactions(url),
    timeline_url: `${url}/timeline`,
  };
  if (i.is_pull_request) {
    out.pull_request = {
      url: apiUrl(s, `/pulls/${i.number}`),
      html_url: htmlUrl(s, `/pull/${i.number}`),
      diff_url: htmlUrl(s, `/pull/${i.number}.diff`),
      patch_url: htmlUrl(s, `/pull/${i.number}.patch`),
      merged_at: null,
    };
    out.draft = s.pulls.find((p) => p.number === i.number)?.draft ?? false;
  }
  return out;
}

export function commentJson(s: EmulatorState, c: CommentRecord): Json {
  const url = apiUrl(s, `/issues/comments/${c.id}`);
  return {
    id: c.id,
    node_id: nodeId('IssueComment', c.id),
    url,
    html_url: htmlUrl(s, `/issues/${c.issue_number}#issuecomment-${c.id}`),
    body: c.body,
    user: botJson(s),
    created_at: c.created_at,
    updated_at: c.updated_at,
    issue_url: apiUrl(s, `/issues/${c.issue_number}`),
    author_association: 'CONTRIBUTOR',
    reactions: noReactions(url),
  };
}

export function pullJson(s: EmulatorState, p: PullRecord): Json {
  const url = apiUrl(s, `/pulls/${p.number}`);
  const issueUrl = apiUrl(s, `/issues/${p.number}`);
  const html = htmlUrl(s, `/pull/${p.number}`);
  const issue = s.issues.find((i) => i.number === p.number);
  const side = (ref: string, sha: string): Json => ({
    label: `${s.owner}:${ref}`,
    ref,
    sha,
    user: ownerJson(s),
    repo: repositoryJson(s, 'repository'),
  });
  return {
    url,
    id: p.id,
    node_id: nodeId('PullRequest', p.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: apiUrl(s, '/pulls/comments{/number}'),
    comments_url: `${issueUrl}/comments`,
    statuses_url: apiUrl(s, `/statuses/${p.head_sha}`),
    number: p.number,
    state: p.state,
    locked: false,
    title: p.title,
    user: botJson(s),
    body: p.body,
    labels: (issue?.labels ?? []).map((name) => labelJson(s, s.ensureLabel(name))),
    milestone: null,
    active_lock_reason: null,
    created_at: p.created_at,
    updated_at: p.updated_at,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(p.head, p.head_sha),
    base: side(p.base, p.base_sha),
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: apiUrl(s, '/pulls/comments{/number}') },
      commits: { href: `${url}/commits` },
      statuses: { href: apiUrl(s, `/statuses/${p.head_sha}`) },
    },
    author_association: 'CONTRIBUTOR',
    auto_merge: null,
    draft: p.draft,
    merged: false,
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: null,
    comments: issue?.comments.length ?? 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}

/** The list form (`pull-request-simple`): no merge state or diff statistics. */
export function pullSimpleJson(s: EmulatorState, p: PullRecord): Json {
  const full = pullJson(s, p);
  for (const key of [
    'merged',
    'mergeable',
    'rebaseable',
    'mergeable_state',
    'merged_by',
    'comments',
    'review_comments',
    'maintainer_can_modify',
    'commits',
    'additions',
    'deletions',
    'changed_files',
  ]) {
    delete full[key];
  }
  return full;
}
