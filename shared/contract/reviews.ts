// Channels of the domain: Rà soát hằng năm, biến động, chỉ tiêu.
// Each channel: channel({ summary, input: zod schema, output: zod schema }).
export const reviewChannels = {}
