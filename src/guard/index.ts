/**
 * The guard on user edits: the task state machine applied to what the user saved, judged
 * against the entity's last valid snapshot. Pure functions; the wiring does the writing.
 * Plain TypeScript: nothing here imports `obsidian`.
 */
export {
  LIFECYCLE_KEYS,
  judgeEdit,
  resolveWithReason,
  revertEdit,
  type EditUnderJudgement,
  type Judgement,
  type ReasonField,
  type StatusChange,
} from './judge';
export { writeFor } from './write-plan';
