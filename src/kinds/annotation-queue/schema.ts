import type { KindSchema } from '../kind-descriptor.js';

/** The manifest schema's part for this kind: the org's annotation queues (assembled by src/manifest/manifest-schema.ts). */
export const annotationQueueSchema: KindSchema = {
  section: {
    description: 'Annotation queues of the org (human review, the rubrics judges are tuned against), keyed by a local name. Galileo: POST /annotation_queues.',
    type: 'object',
    propertyNames: { $ref: '#/$defs/key' },
    additionalProperties: { $ref: '#/$defs/annotationQueue' },
  },
  defs: {
    annotationQueue: {
      description: 'An annotation queue with its rubrics and annotators. Galileo: POST /annotation_queues, …/templates, …/users.',
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { $ref: '#/$defs/name', description: 'Remote queue name (`name`, unique in the org); defaults to the key.' },
        description: { description: 'Galileo: `description` (at most 256 characters).', type: 'string', maxLength: 256 },
        annotators: {
          description: 'E-mails of the users who annotate (role `annotator`). Galileo: POST /annotation_queues/{id}/users.',
          type: 'array',
          items: { type: 'string', pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', description: 'An e-mail address.' },
          uniqueItems: true,
        },
        templates: {
          description:
            'The rubrics, keyed by their name. Galileo: POST /annotation_queues/{id}/templates. A changed `constraints` or `include_explanation` deletes the rubric and creates it again (Galileo cannot patch them).',
          type: 'object',
          propertyNames: { type: 'string', minLength: 1, maxLength: 255 },
          additionalProperties: { $ref: '#/$defs/annotationTemplate' },
        },
        protect: { $ref: '#/$defs/protect' },
        adopt: { $ref: '#/$defs/adopt' },
      },
    },
    annotationTemplate: {
      description: 'One rubric. Galileo: AnnotationTemplateCreate.',
      type: 'object',
      additionalProperties: false,
      required: ['constraints'],
      properties: {
        criteria: { description: 'What the annotator judges. Galileo: `criteria`.', type: 'string', minLength: 1 },
        constraints: {
          description:
            'The rating scale. Galileo: `constraints`, by `annotation_type`: like_dislike, star, text; score {min, max}; tags {tags}; choice {choices, allow_other}; tree_choice {choices_tree_yaml}.',
          type: 'object',
          required: ['annotation_type'],
          properties: {
            annotation_type: { description: 'Galileo: `annotation_type`.', enum: ['like_dislike', 'star', 'score', 'tags', 'text', 'choice', 'tree_choice'] },
          },
          additionalProperties: { description: 'A field of the scale (min, max, tags, choices, allow_other, choices_tree_yaml).' },
        },
        include_explanation: { description: 'Galileo: `include_explanation`.', type: 'boolean' },
      },
    },
  },
};
