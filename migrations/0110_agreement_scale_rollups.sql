-- The agreement scale (question type agreement5: hoàn toàn không đồng ý … hoàn toàn đồng ý) counts
-- exactly like likert5: answers 1–5 or "na", rate = share of 4–5. version_questions.type is what the
-- rollups fold an answer as, so an agreement5 question is recorded there as 'likert5' and every
-- rollup, rebuild and raw query that folds likert5 takes it without being rewritten. Multiple-choice
-- and number answers stay out of the rollups (their own types match no fold): they are descriptive.
comment on column version_questions.type is
  'How the rollups fold the answers: the question type, except agreement5 which folds as likert5';

create or replace function version_questions_fill() returns trigger language plpgsql as $$
begin
  insert into version_questions (version_id, question_key, type, criterion)
  select new.id, q->>'key',
         case when q->>'type' = 'agreement5' then 'likert5' else q->>'type' end,
         q->>'criterion'
  from jsonb_array_elements(new.definition->'questions') q
  on conflict do nothing;
  return null;
end $$;

-- None exist before this migration, unless a build of the type ran ahead of it.
update version_questions vq
   set type = 'likert5'
  from survey_versions v, jsonb_array_elements(v.definition->'questions') q
 where vq.version_id = v.id and vq.question_key = q->>'key' and q->>'type' = 'agreement5';
