import { PRESET_MODEL_TYPES } from '../galileo/preset-names.js';

/** Galileo's built-in (preset) scorers, present from the start. Names from [JS] GalileoMetrics. */
export interface PresetScorer {
  name: string;
  label: string;
  description: string;
  output_type: string;
  model_type: 'llm' | 'slm' | 'code';
  ground_truth: boolean;
  scoreable_node_types: string[];
}

/** A preset; its model type comes from galileo/preset-names.ts, the one table galctl's estimates read too. */
const P = (name: string, label: string, output_type: string, nodes: string[], ground_truth = false): PresetScorer => ({
  name,
  label,
  description: `${label} (simulated preset scorer)`,
  output_type,
  model_type: PRESET_MODEL_TYPES[name] ?? 'llm',
  ground_truth,
  scoreable_node_types: nodes,
});

export function presetScorers(): PresetScorer[] {
  return [
    P('correctness', 'Correctness', 'percentage', ['llm', 'trace']),
    P('context_adherence', 'Context Adherence', 'percentage', ['llm']),
    P('context_adherence_luna', 'Context Adherence (Luna)', 'percentage', ['llm']),
    P('completeness', 'Completeness', 'percentage', ['llm']),
    P('completeness_luna', 'Completeness (Luna)', 'percentage', ['llm']),
    P('instruction_adherence', 'Instruction Adherence', 'percentage', ['llm']),
    P('ground_truth_adherence', 'Ground Truth Adherence', 'percentage', ['llm', 'trace'], true),
    P('output_toxicity', 'Output Toxicity', 'percentage', ['llm', 'trace']),
    P('output_toxicity_luna', 'Output Toxicity (Luna)', 'percentage', ['llm', 'trace']),
    P('prompt_injection', 'Prompt Injection', 'boolean', ['llm', 'trace']),
    P('prompt_injection_luna', 'Prompt Injection (Luna)', 'boolean', ['llm', 'trace']),
    P('chunk_attribution_utilization', 'Chunk Attribution Utilization', 'percentage', ['retriever']),
    P('context_relevance', 'Context Relevance', 'percentage', ['retriever']),
    P('input_pii', 'Input PII', 'boolean', ['llm', 'trace']),
    P('output_pii', 'Output PII', 'boolean', ['llm', 'trace']),
    P('input_toxicity', 'Input Toxicity', 'percentage', ['llm', 'trace']),
    P('input_tone', 'Input Tone', 'categorical', ['llm', 'trace']),
    P('output_tone', 'Output Tone', 'categorical', ['llm', 'trace']),
    P('input_sexist', 'Input Sexism', 'percentage', ['llm', 'trace']),
    P('output_sexist', 'Output Sexism', 'percentage', ['llm', 'trace']),
    P('tool_selection_quality', 'Tool Selection Quality', 'percentage', ['llm']),
    P('tool_error_rate', 'Tool Error Rate', 'percentage', ['tool']),
    P('action_completion_luna', 'Action Completion (Luna)', 'percentage', ['session']),
    P('agentic_session_success', 'Agentic Session Success', 'percentage', ['session']),
    P('agentic_workflow_success', 'Agentic Workflow Success', 'percentage', ['trace']),
    P('uncertainty', 'Uncertainty', 'percentage', ['llm']),
    P('bleu', 'BLEU', 'percentage', ['llm', 'trace'], true),
    P('rouge', 'ROUGE', 'percentage', ['llm', 'trace'], true),
  ];
}
