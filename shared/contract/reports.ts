// Channels of the domain: Danh mục báo cáo và ba cách trình bày.
// Each channel: channel({ summary, input: zod schema, output: zod schema }).
export const reportChannels = {}
