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

const P = (
  name: string,
  label: string,
  output_type: string,
  model_type: PresetScorer['model_type'],
  nodes: string[],
  ground_truth = false,
): PresetScorer => ({ name, label, description: `${label} (simulated preset scorer)`, output_type, model_type, ground_truth, scoreable_node_types: nodes });

export function presetScorers(): PresetScorer[] {
  return [
    P('correctness', 'Correctness', 'percentage', 'llm', ['llm', 'trace']),
    P('context_adherence', 'Context Adherence', 'percentage', 'llm', ['llm']),
    P('context_adherence_luna', 'Context Adherence (Luna)', 'percentage', 'slm', ['llm']),
    P('completeness', 'Completeness', 'percentage', 'llm', ['llm']),
    P('completeness_luna', 'Completeness (Luna)', 'percentage', 'slm', ['llm']),
    P('instruction_adherence', 'Instruction Adherence', 'percentage', 'llm', ['llm']),
    P('ground_truth_adherence', 'Ground Truth Adherence', 'percentage', 'llm', ['llm', 'trace'], true),
    P('output_toxicity', 'Output Toxicity', 'percentage', 'llm', ['llm', 'trace']),
    P('output_toxicity_luna', 'Output Toxicity (Luna)', 'percentage', 'slm', ['llm', 'trace']),
    P('prompt_injection', 'Prompt Injection', 'boolean', 'llm', ['llm', 'trace']),
    P('prompt_injection_luna', 'Prompt Injection (Luna)', 'boolean', 'slm', ['llm', 'trace']),
    P('chunk_attribution_utilization', 'Chunk Attribution Utilization', 'percentage', 'llm', ['retriever']),
    P('context_relevance', 'Context Relevance', 'percentage', 'llm', ['retriever']),
    P('input_pii', 'Input PII', 'boolean', 'slm', ['llm', 'trace']),
    P('output_pii', 'Output PII', 'boolean', 'slm', ['llm', 'trace']),
    P('input_toxicity', 'Input Toxicity', 'percentage', 'llm', ['llm', 'trace']),
    P('input_tone', 'Input Tone', 'categorical', 'slm', ['llm', 'trace']),
    P('output_tone', 'Output Tone', 'categorical', 'slm', ['llm', 'trace']),
    P('input_sexist', 'Input Sexism', 'percentage', 'llm', ['llm', 'trace']),
    P('output_sexist', 'Output Sexism', 'percentage', 'llm', ['llm', 'trace']),
    P('tool_selection_quality', 'Tool Selection Quality', 'percentage', 'llm', ['llm']),
    P('tool_error_rate', 'Tool Error Rate', 'percentage', 'llm', ['tool']),
    P('action_completion_luna', 'Action Completion (Luna)', 'percentage', 'slm', ['session']),
    P('agentic_session_success', 'Agentic Session Success', 'percentage', 'llm', ['session']),
    P('agentic_workflow_success', 'Agentic Workflow Success', 'percentage', 'llm', ['trace']),
    P('uncertainty', 'Uncertainty', 'percentage', 'code', ['llm']),
    P('bleu', 'BLEU', 'percentage', 'code', ['llm', 'trace'], true),
    P('rouge', 'ROUGE', 'percentage', 'code', ['llm', 'trace'], true),
  ];
}
