// SPDX-License-Identifier: GPL-2.0
/*
 * The stack check of Rex programs whose stack use has no static bound
 * (recursion, indirect calls), as an LLVM pass plugin for clang 19.
 *
 * Every function defined in the module starts with
 *
 *	if ((rsp & (REX_STACK_SIZE - 1)) < REX_STACK_LIMIT)	// a power of two
 *		rex_stack_exhausted();		// noreturn: the kernel panics "stack"
 *
 * in its entry block, i.e. after the prologue has allocated the frame (at
 * most REX_FRAME_MAX bytes, which rex build enforces).  The Rex stack is
 * aligned to its size, so the low bits of the stack pointer are how much
 * of it is left; the program's budget ends REX_PROG_STACK_BUDGET bytes
 * below its initial stack pointer, leaving the rest for helpers and the
 * panic path (Documentation/rex/runtime.rst).
 *
 * With REX_STACK_LIMIT a power of two the comparison is a test of the
 * stack pointer's bits between it and REX_STACK_SIZE (testl $0xc000, %esp).
 * Inline, the check is that test and a branch not taken, where a
 * call of a checking function (clang's -finstrument-function-entry-bare)
 * costs a call, a return and the caller-saved registers around it.  It
 * runs last in the optimisation pipeline, after inlining, so that it sees
 * the functions that are left.
 */
#include <linux/rex.h>

#include <llvm/IR/Constants.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Metadata.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/PassManager.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Passes/PassPlugin.h>

namespace {

static_assert((REX_STACK_SIZE & (REX_STACK_SIZE - 1)) == 0 && (REX_STACK_LIMIT & (REX_STACK_LIMIT - 1)) == 0 &&
		      REX_STACK_LIMIT > REX_FRAME_MAX,
	      "the Rex stack layout changed: update rex_stack_check.cpp");

constexpr const char *exhausted_name = "rex_stack_exhausted";

llvm::Function *exhausted_function(llvm::Module &module)
{
	llvm::LLVMContext &context = module.getContext();
	llvm::FunctionCallee callee = module.getOrInsertFunction(
		exhausted_name, llvm::FunctionType::get(llvm::Type::getVoidTy(context), false));
	auto *function = llvm::cast<llvm::Function>(callee.getCallee());
	function->setDoesNotReturn();
	function->setDoesNotThrow();
	function->addFnAttr(llvm::Attribute::Cold);
	return function;
}

void add_check(llvm::Function &function, llvm::Function *exhausted)
{
	llvm::LLVMContext &context = function.getContext();
	llvm::Module &module = *function.getParent();
	llvm::BasicBlock &entry = function.getEntryBlock();

	/*
	 * Static allocas stay in the entry block, where the frame is laid out:
	 * gather them at its top first, so that none ends up after the check
	 * (in another block it would be a dynamic alloca, outside the frame
	 * rex build measures).
	 */
	llvm::Instruction *top = &*entry.getFirstInsertionPt();
	for (llvm::Instruction &instruction : llvm::make_early_inc_range(entry)) {
		auto *alloca = llvm::dyn_cast<llvm::AllocaInst>(&instruction);
		if (alloca && alloca->isStaticAlloca() && alloca != top)
			alloca->moveBefore(top);
	}
	llvm::BasicBlock::iterator split = entry.getFirstInsertionPt();
	while (split != entry.end() && llvm::isa<llvm::AllocaInst>(*split))
		++split;
	llvm::BasicBlock *body = entry.splitBasicBlock(split, "rex.stack.ok");
	entry.getTerminator()->eraseFromParent();

	llvm::BasicBlock *fail = llvm::BasicBlock::Create(context, "rex.stack.exhausted", &function);
	llvm::IRBuilder<> fail_builder(fail);
	llvm::CallInst *call = fail_builder.CreateCall(exhausted);
	call->setDoesNotReturn();
	fail_builder.CreateUnreachable();

	llvm::IRBuilder<> builder(&entry);
	llvm::Type *i64 = builder.getInt64Ty();
	llvm::Function *read_register = llvm::Intrinsic::getDeclaration(&module, llvm::Intrinsic::read_register, {i64});
	llvm::Metadata *rsp = llvm::MDString::get(context, "rsp");
	llvm::Value *sp = builder.CreateCall(read_register,
					     {llvm::MetadataAsValue::get(context, llvm::MDNode::get(context, rsp))});
	/* offset < REX_STACK_LIMIT, with the limit a power of two */
	llvm::Value *high = builder.CreateAnd(sp, (REX_STACK_SIZE - 1) & ~(REX_STACK_LIMIT - 1));
	llvm::Value *over = builder.CreateICmpEQ(high, builder.getInt64(0));
	builder.CreateCondBr(over, fail, body, llvm::MDBuilder(context).createUnlikelyBranchWeights());
}

struct StackCheckPass : llvm::PassInfoMixin<StackCheckPass> {
	llvm::PreservedAnalyses run(llvm::Module &module, llvm::ModuleAnalysisManager &)
	{
		llvm::Function *exhausted = nullptr;
		for (llvm::Function &function : module) {
			if (function.isDeclaration() || function.getName() == exhausted_name)
				continue;
			if (!exhausted)
				exhausted = exhausted_function(module);
			add_check(function, exhausted);
		}
		return exhausted ? llvm::PreservedAnalyses::none() : llvm::PreservedAnalyses::all();
	}

	/* Run even on functions marked optnone. */
	static bool isRequired() { return true; }
};

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK llvm::PassPluginLibraryInfo llvmGetPassPluginInfo()
{
	return {LLVM_PLUGIN_API_VERSION, "rex-stack-check", "0.1", [](llvm::PassBuilder &builder) {
			builder.registerOptimizerLastEPCallback(
				[](llvm::ModulePassManager &passes, llvm::OptimizationLevel) {
					passes.addPass(StackCheckPass());
				});
		}};
}
