// Bot protection for booking requests: pure (node:crypto only), so e2e specs and benchmarks import it too.
export { issueChallenge, solveProofOfWork, verifyProofOfWork } from "./proof-of-work";
