-- Failed AI generations used to store and announce the provider's own error text, which can name
-- API keys, organisations and internal hosts. The ai-worker now keeps that text in its log and
-- gives the tenant a fixed message per error code; replace what earlier failures stored the same
-- way, in the generation rows and in the event log the events API serves.
UPDATE ai_generations
SET error_message = CASE error_code
        WHEN 'provider_rate_limited'
            THEN 'The AI provider is limiting requests right now; try again in a few minutes.'
        WHEN 'provider_unavailable'
            THEN 'The AI provider is unavailable right now; try again later.'
        ELSE 'The AI provider declined to generate this content; rephrasing the prompt may help,'
            || ' and the operator can see the provider''s reason in the ai-worker log.'
    END
WHERE status = 'failed' AND error_code LIKE 'provider\_%';

UPDATE event_log e
SET data = jsonb_set(e.data, '{error_message}', to_jsonb(g.error_message))
FROM ai_generations g
WHERE e.type = 'ai.generation.failed'
  AND g.id = e.data ->> 'generation_id'
  AND g.workspace_id = e.workspace_id
  AND g.error_code LIKE 'provider\_%';
