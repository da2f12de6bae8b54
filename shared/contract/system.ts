// Channels of the domain: Người dùng, vai trò, sao lưu, kiểm tra.
// Each channel: channel({ summary, input: zod schema, output: zod schema }).
export const systemChannels = {}
