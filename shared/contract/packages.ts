// Channels of the domain: Khóa của đơn vị, gói báo cáo ký số, tin cậy và biên nhận của tỉnh.
// Each channel: channel({ summary, input: zod schema, output: zod schema }).
export const packageChannels = {}
