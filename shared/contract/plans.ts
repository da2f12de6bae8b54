// Channels of the domain: Kế hoạch, cơ quan, nhiệm vụ, thư đôn đốc.
// Each channel: channel({ summary, input: zod schema, output: zod schema }).
export const planChannels = {}
