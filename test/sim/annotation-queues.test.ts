/** Annotation queues, their templates and users (src/sim/SPEC.md "Annotation queues"): CRUD, read-back, 422s. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../src/sim/start-simulator.js';
import { startTestSim, uuid, type SimClient } from './sim-client.js';

let sim: SimulatorHandle;
let api: SimClient;
beforeAll(async () => {
  ({ sim, api } = await startTestSim());
});
afterAll(async () => sim.close());

const STARS = { name: 'Helpfulness', include_explanation: true, criteria: 'How helpful is the answer?', constraints: { annotation_type: 'star' } };
const SCORE = { name: 'Accuracy', constraints: { annotation_type: 'score', min: 0, max: 10 } };

describe('annotation queues', () => {
  it('create (owner + annotators), get, query by name, update, delete', async () => {
    const q = await api.ok('POST', '/annotation_queues', { name: { value: 'review' }, description: 'weekly review', annotator_emails: ['ann@example.com', 'bob@example.com'] });
    expect(q).toMatchObject({ name: 'review', description: 'weekly review', num_users: 3, num_annotators: 2, num_templates: 0, num_log_records: 0, templates: [] });
    expect(await api.ok('GET', `/annotation_queues/${q.id}`)).toEqual(q);
    const found = await api.ok('POST', '/annotation_queues/query', { filters: [{ name: 'name', operator: 'eq', value: 'review' }] });
    expect(found.annotation_queues.map((x: { id: string }) => x.id)).toEqual([q.id]);
    const renamed = await api.ok('PATCH', `/annotation_queues/${q.id}`, { name: { value: 'review-2' }, description: null });
    expect(renamed).toMatchObject({ id: q.id, name: 'review-2', description: null });
    expect(renamed.updated_at > q.updated_at).toBe(true);
    expect(sim.state().annotation_queues?.find((x) => x.id === q.id)?.name).toBe('review-2');
    expect(await api.ok('DELETE', `/annotation_queues/${q.id}`)).toEqual({ message: expect.any(String) });
    expect((await api.call('GET', `/annotation_queues/${q.id}`)).status).toBe(404);
  });

  it('templates: create, list in position order, copy from another queue, patch name and criteria, delete; constraints cannot be patched', async () => {
    const q = await api.ok('POST', '/annotation_queues', { name: { value: 'templated' } });
    const [stars] = await api.ok('POST', `/annotation_queues/${q.id}/templates`, { template: STARS });
    expect(stars).toMatchObject({ ...STARS, position: 0, usage_count: 0, id: expect.any(String), created_by: expect.any(String) });
    const [score] = await api.ok('POST', `/annotation_queues/${q.id}/templates`, { template: SCORE });
    expect(score).toMatchObject({ ...SCORE, include_explanation: false, criteria: null, position: 1 });
    expect(await api.ok('GET', `/annotation_queues/${q.id}/templates`)).toEqual([stars, score]);
    expect((await api.ok('GET', `/annotation_queues/${q.id}`)).num_templates).toBe(2);

    const copy = await api.ok('POST', '/annotation_queues', { name: { value: 'copied' }, copy_templates_from_queue_id: q.id });
    expect(copy.templates.map((t: { name: string; position: number }) => [t.name, t.position])).toEqual([['Helpfulness', 0], ['Accuracy', 1]]);
    const other = await api.ok('POST', '/annotation_queues', { name: { value: 'copied-later' } });
    const copied = await api.ok('POST', `/annotation_queues/${other.id}/templates`, { copy_from_queue_id: q.id });
    expect(copied.map((t: { position: number }) => t.position)).toEqual([0, 1]);
    expect(copied[0].id).not.toBe(stars.id);

    const patched = await api.ok('PATCH', `/annotation_queues/${q.id}/templates/${stars.id}`, { name: 'Usefulness', criteria: null });
    expect(patched).toEqual({ ...stars, name: 'Usefulness', criteria: null });
    const refused = await api.call('PATCH', `/annotation_queues/${q.id}/templates/${stars.id}`, { name: 'Usefulness', criteria: 'c', constraints: { annotation_type: 'like_dislike' } });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'constraints'], type: 'extra_forbidden' })]);
    expect((await api.call('PATCH', `/annotation_queues/${q.id}/templates/${stars.id}`, { name: 'x' })).body.detail[0].loc).toEqual(['body', 'criteria']);
    expect((await api.ok('GET', `/annotation_queues/${q.id}/templates`))[0]).toEqual(patched);

    expect(await api.ok('DELETE', `/annotation_queues/${q.id}/templates/${stars.id}`)).toEqual({ message: expect.any(String) });
    expect((await api.ok('GET', `/annotation_queues/${q.id}/templates`)).map((t: { id: string; position: number }) => [t.id, t.position])).toEqual([[score.id, 0]]);
    expect((await api.call('DELETE', `/annotation_queues/${q.id}/templates/${stars.id}`)).status).toBe(404);
  });

  it('users: share by email or id, list, change role, remove', async () => {
    const q = await api.ok('POST', '/annotation_queues', { name: { value: 'shared' } });
    const [carol, dave] = await api.ok('POST', `/annotation_queues/${q.id}/users`, [{ user_email: 'carol@example.com', role: 'annotator' }, { user_email: 'dave@example.com' }]);
    expect(carol).toMatchObject({ email: 'carol@example.com', role: 'annotator', annotation_queue_id: q.id, track_progress: true });
    expect(dave.role).toBe('viewer');
    const other = await api.ok('POST', '/annotation_queues', { name: { value: 'shared-2' } });
    const [byId] = await api.ok('POST', `/annotation_queues/${other.id}/users`, [{ user_id: carol.user_id, role: 'editor', track_progress: false }]);
    expect(byId).toMatchObject({ user_id: carol.user_id, email: 'carol@example.com', role: 'editor', track_progress: false });
    const listed = await api.ok('GET', `/annotation_queues/${q.id}/users?limit=2`);
    expect(listed.collaborators).toHaveLength(2);
    expect(listed.next_starting_token).toBe(2);
    expect(await api.ok('PATCH', `/annotation_queues/${q.id}/users/${dave.user_id}`, { role: 'annotator' })).toMatchObject({ user_id: dave.user_id, role: 'annotator' });
    expect((await api.ok('GET', `/annotation_queues/${q.id}`)).num_annotators).toBe(2);
    expect(await api.ok('DELETE', `/annotation_queues/${q.id}/users/${dave.user_id}`)).toEqual({ message: expect.any(String) });
    expect((await api.ok('GET', `/annotation_queues/${q.id}/users`)).collaborators.map((c: { email: string }) => c.email)).not.toContain('dave@example.com');
    expect((await api.call('DELETE', `/annotation_queues/${q.id}/users/${dave.user_id}`)).status).toBe(404);
    expect((await api.call('POST', `/annotation_queues/${q.id}/users`, [{ user_email: 'carol@example.com' }])).status).toBe(422);
    expect((await api.call('POST', `/annotation_queues/${q.id}/users`, [{ user_id: uuid() }])).status).toBe(404);
  });

  it('422s list every bad field at once and change nothing', async () => {
    const bad = await api.call('POST', '/annotation_queues', { description: 'd'.repeat(257), annotator_emails: ['nope'], copy_templates_from_queue_id: 'x' });
    expect(bad.status).toBe(422);
    expect(bad.body.detail.map((d: { loc: (string | number)[] }) => d.loc.join('.')).sort()).toEqual(['body.annotator_emails.0', 'body.copy_templates_from_queue_id', 'body.description', 'body.name']);
    await api.ok('POST', '/annotation_queues', { name: { value: 'unique' } });
    expect((await api.call('POST', '/annotation_queues', { name: { value: 'unique' } })).body.detail[0].msg).toContain('already exists');
    expect((await api.ok('POST', '/annotation_queues', { name: { value: 'unique', append_suffix_if_duplicate: true } })).name).toBe('unique (1)');
    const q = await api.ok('POST', '/annotation_queues', { name: { value: 'strict' } });
    const t = await api.call('POST', `/annotation_queues/${q.id}/templates`, {
      template: { name: '', include_explanation: 'yes', constraints: { annotation_type: 'score', min: 5, max: -1 } },
    });
    expect(t.status).toBe(422);
    expect(t.body.detail.map((d: { loc: (string | number)[] }) => d.loc.slice(2).join('.')).sort()).toEqual(['constraints.score', 'constraints.score.max', 'include_explanation', 'name']);
    const kinds = await api.call('POST', `/annotation_queues/${q.id}/templates`, { template: { name: 'n', constraints: { annotation_type: 'emoji' } } });
    expect(kinds.body.detail[0].type).toBe('union_tag_invalid');
    expect((await api.call('POST', `/annotation_queues/${q.id}/templates`, { template: { name: 'n', constraints: { annotation_type: 'choice' } } })).body.detail[0].loc).toEqual(['body', 'template', 'constraints', 'choice', 'choices']);
    expect((await api.call('POST', `/annotation_queues/${q.id}/templates`, {})).status).toBe(422);
    expect((await api.call('POST', `/annotation_queues/${q.id}/templates`, { template: STARS, copy_from_queue_id: q.id })).status).toBe(422);
    expect((await api.call('POST', `/annotation_queues/${q.id}/users`, [{ role: 'boss' }])).body.detail.map((d: { loc: (string | number)[] }) => d.loc.join('.'))).toEqual(['body.0.role', 'body.0']);
    expect((await api.call('PATCH', `/annotation_queues/${q.id}/users/${uuid()}`, { role: 'viewer' })).status).toBe(404);
    expect((await api.ok('GET', `/annotation_queues/${q.id}`))).toMatchObject({ num_templates: 0, num_users: 1 });
  });

  it('refuses what Galileo refuses: a bare-string or over-long queue name, malformed path ids', async () => {
    // CreateAnnotationQueueRequest.name is a Name object only [SPEC], unlike the template routes' string-or-Name
    const bare = await api.call('POST', '/annotation_queues', { name: 'plain' });
    expect(bare.status).toBe(422);
    expect(bare.body.detail[0]).toMatchObject({ loc: ['body', 'name'], type: 'model_attributes_type' });
    const long = await api.call('POST', '/annotation_queues', { name: { value: 'x'.repeat(129) } });
    expect(long.body.detail[0]).toMatchObject({ loc: ['body', 'name', 'value'], type: 'string_too_long' });
    expect((await api.call('POST', '/annotation_queues', { name: { value: 'x'.repeat(128) } })).status).toBe(200);
    const q = await api.ok('POST', '/annotation_queues', { name: { value: 'paths' } });
    const patched = await api.call('PATCH', `/annotation_queues/${q.id}`, { name: 'renamed' });
    expect(patched.body.detail[0]).toMatchObject({ loc: ['body', 'name'], type: 'model_attributes_type' });
    // path ids are `format: uuid4` [SPEC]: malformed → 422 uuid_parsing, where a well-formed unknown one is a 404
    const badQueue = await api.call('GET', '/annotation_queues/not-a-uuid');
    expect(badQueue.status).toBe(422);
    expect(badQueue.body.detail[0]).toMatchObject({ loc: ['path', 'queue_id'], type: 'uuid_parsing' });
    expect((await api.call('GET', `/annotation_queues/${uuid()}`)).status).toBe(404);
    const badTemplate = await api.call('DELETE', `/annotation_queues/${q.id}/templates/42`);
    expect(badTemplate.body.detail[0]).toMatchObject({ loc: ['path', 'template_id'], type: 'uuid_parsing' });
    const badUser = await api.call('PATCH', `/annotation_queues/${q.id}/users/me`, { role: 'viewer' });
    expect(badUser.body.detail[0]).toMatchObject({ loc: ['path', 'user_id'], type: 'uuid_parsing' });
    expect((await api.ok('GET', `/annotation_queues/${q.id}`)).name).toBe('paths');
  });

  it('refuses a tree_choice template whose choices_tree breaks TreeChoiceNode', async () => {
    const q = await api.ok('POST', '/annotation_queues', { name: { value: 'trees' } });
    const tree = (choices_tree: unknown): Promise<{ status: number; body: { detail: { loc: (string | number)[]; type: string }[] } }> =>
      api.call('POST', `/annotation_queues/${q.id}/templates`, { template: { name: 'Topic', constraints: { annotation_type: 'tree_choice', choices_tree } } });
    const bad = await tree([{ label: 'Billing', children: [{ id: 'refund', label: '' }] }]);
    expect(bad.status).toBe(422);
    expect(bad.body.detail.map((d) => `${d.loc.slice(5).join('.')}:${d.type}`)).toEqual(['0.id:missing', '0.children.0.label:string_too_short']);
    const wide = await tree(Array.from({ length: 51 }, (_, i) => ({ id: `c${i}`, label: `C${i}` })));
    expect(wide.body.detail[0]).toMatchObject({ type: 'too_long' });
    expect((await tree([{ id: 'billing', label: 'Billing', children: [{ id: 'refund', label: 'Refund' }] }])).status).toBe(200);
    expect((await api.ok('GET', `/annotation_queues/${q.id}`)).num_templates).toBe(1);
  });
});
