// The AWS SDK warns on every start that its 2027 releases will need Node 22. The README already
// recommends Node 22; repeating it on each `npm start` and test run only buries real output. This
// is the SDK's documented switch (aws/aws-sdk-js-v3#7983), set only when nobody has chosen a
// value, before any client exists; the Lambdas run Node 22 and never see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
