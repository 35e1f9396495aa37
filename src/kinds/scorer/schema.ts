import type { KindSchema } from '../kind-descriptor.js';

/**
 * The manifest schema's part for this kind: its section and its definitions (assembled by
 * src/manifest/manifest-schema.ts).
 */
export const scorerSchema: KindSchema = {
  section: {
    description: 'Org-level custom scorers (Galileo metrics), keyed by a local name. Galileo: POST /scorers (shell) + POST /scorers/{id}/version/llm|code (versions).',
    type: 'object',
    propertyNames: { $ref: '#/$defs/key' },
    additionalProperties: { $ref: '#/$defs/scorer' },
  },
  defs: {
    scorer: {
      description: 'A custom scorer. Galileo: CreateScorerRequest (shell) and CreateLLMScorerVersionRequest / code version upload.',
      type: 'object',
      additionalProperties: false,
      required: ['type', 'node_types'],
      properties: {
        type: {
          description: 'Scorer kind. Galileo: `scorer_type` (llm = LLM judge, code = Python function).',
          enum: ['llm', 'code'],
        },
        name: {
          $ref: '#/$defs/name',
          description: 'Remote scorer name (`name`); defaults to the key. Unique per scorer type in the org.',
        },
        description: { description: 'Free text. Galileo: `description`.', type: 'string' },
        scope: {
          description: 'Who may use the scorer. Galileo: PUT /scorers/{id}/scope. `{global: true}`: every project; `{projects: [keys]}`: only these projects of the manifest. Left out: galctl leaves the scope alone.',
          type: 'object',
          additionalProperties: false,
          properties: {
            global: { description: 'The scorer is global (`is_global`; org admins only).', type: 'boolean' },
            projects: { description: 'Project keys of this manifest the scorer is scoped to (`project_ids`).', type: 'array', minItems: 1, uniqueItems: true, items: { $ref: '#/$defs/key' } },
          },
          oneOf: [
            { required: ['global'], properties: { global: { const: true, description: 'Global: no projects with it.' } } },
            { required: ['projects'], properties: { projects: { description: 'Scoped to these projects.' } } },
          ],
        },
        tags: {
          description: 'Labels for the scorer. Galileo: `tags`.',
          type: 'array',
          items: { type: 'string', description: 'One tag.' },
          uniqueItems: true,
        },
        node_types: {
          description: 'Node types the scorer runs on. Galileo: `scoreable_node_types`. Required: without it a custom scorer is silently skipped on raw traces. Use [llm, chat] for LLM scorers, [trace] for code scorers.',
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: {
            description: 'A Galileo node type.',
            enum: ['trace', 'llm', 'chat', 'chain', 'retriever', 'tool', 'workflow', 'agent', 'session'],
          },
        },
        output_type: {
          description: 'What the judge returns (llm only). Galileo: `output_type` on the scorer shell, set at creation. Default boolean.',
          enum: [
            'boolean',
            'categorical',
            'count',
            'discrete',
            'freeform',
            'percentage',
            'multilabel',
            'retrieved_chunk_list_boolean',
            'boolean_multilabel',
          ],
          default: 'boolean',
        },
        input_type: {
          description: 'What the judge sees (llm only). Galileo: `input_type`.',
          enum: [
            'basic',
            'llm_spans',
            'retriever_spans',
            'sessions_normalized',
            'sessions_trace_io_only',
            'tool_spans',
            'trace_input_only',
            'trace_io_only',
            'trace_normalized',
            'trace_output_only',
            'agent_spans',
            'workflow_spans',
          ],
        },
        model: {
          description: 'Judge model as a Galileo model alias, e.g. "GPT-4o mini" (llm only). Galileo: version `model_name`.',
          $ref: '#/$defs/modelAlias',
        },
        judges: {
          description: 'Number of judges, 1 to 10 (llm only). Galileo: version `num_judges`.',
          anyOf: [{ type: 'integer', minimum: 1, maximum: 10 }, { $ref: '#/$defs/placeholder' }],
        },
        chain_of_thought: {
          description: 'Let the judge reason before scoring (llm only). Galileo: version `cot_enabled`.',
          anyOf: [{ type: 'boolean' }, { $ref: '#/$defs/placeholder' }],
        },
        prompt: {
          description: 'The judge prompt with single-brace placeholders {input} and {output} (llm only; or prompt_file). Galileo: version `user_prompt`.',
          type: 'string',
          minLength: 1,
        },
        prompt_file: {
          $ref: '#/$defs/filePath',
          description: 'A text file holding the judge prompt (llm only; instead of prompt). Galileo: version `user_prompt`.',
        },
        file: {
          $ref: '#/$defs/filePath',
          description: 'The Python file defining `def scorer_fn(step_object, **kwargs) -> float` (code only). Galileo: multipart `file` of POST /scorers/code/validate and /scorers/{id}/version/code.',
        },
        protect: { $ref: '#/$defs/protect' },
        adopt: { $ref: '#/$defs/adopt' },
      },
      allOf: [
        { if: { required: ['type'], properties: { type: { const: 'llm' } } }, then: { properties: { file: false } } },
        {
          if: { required: ['type'], properties: { type: { const: 'code' } } },
          then: {
            properties: {
              prompt: false,
              prompt_file: false,
              model: false,
              judges: false,
              chain_of_thought: false,
              output_type: false,
              input_type: false,
            },
          },
        },
      ],
    },
  },
};
